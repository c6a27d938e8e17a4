echo hello world | tr a-z A-Z
