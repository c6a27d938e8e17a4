factor 360 97 1; expr 7 \* 6; expr length hello; expr substr hello 2 3; expr 1 / 0; echo $?
