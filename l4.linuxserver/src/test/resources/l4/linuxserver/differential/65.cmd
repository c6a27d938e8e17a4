echo 1 2 3 | xargs -n 1 echo x
