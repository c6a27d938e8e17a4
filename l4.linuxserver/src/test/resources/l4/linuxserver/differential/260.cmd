renice -n 5 $$; echo $?; renice -n -5 $$; echo $?
