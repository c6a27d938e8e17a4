echo a > /tmp/s; sed -i s/a/b/ /tmp/s; cat /tmp/s; stat -c %a /tmp/s; printf '1\n2\n3\n' > /tmp/n; sed -i '2d' /tmp/n; cat /tmp/n
