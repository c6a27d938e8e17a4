mkdir -p /tmp/g/h; echo needle > /tmp/g/h/f; echo hay > /tmp/g/i; grep -r needle /tmp/g; grep -rl hay /tmp/g; grep -c e /tmp/g/h/f /tmp/g/i; echo foo-bar | grep -o 'o*'; echo 'a ab' | grep -wo ab
