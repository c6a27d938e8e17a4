echo one > /tmp/o; exec 3< /tmp/o; read y <&3; echo "y=$y"
