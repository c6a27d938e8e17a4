ls / | head -n 3
