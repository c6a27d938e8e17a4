echo $(( 7 * 6 ))
