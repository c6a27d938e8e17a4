echo hello | tr -d l
