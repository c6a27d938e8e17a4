sleep 0.2 & sleep 0.1 & wait; echo all; sh -c 'sleep 0.2 & exec sleep 0.1'; echo ok; sleep 0.4
