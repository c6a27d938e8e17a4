printf '%05d|%-4s|%x\n' 42 ab 255
