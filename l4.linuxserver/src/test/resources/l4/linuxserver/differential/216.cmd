id; whoami; groups; uname -sm
