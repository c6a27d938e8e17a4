(sleep 0.1; echo child) & echo parent; wait; echo waited
