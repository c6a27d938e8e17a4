echo foo > /tmp/g; grep -n foo /tmp/g /dev/null
