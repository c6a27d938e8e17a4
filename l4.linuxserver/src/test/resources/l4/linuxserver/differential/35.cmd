sh -c 'echo $$' > /dev/null; echo ok
