echo abc | md5sum; echo abc | sha256sum
