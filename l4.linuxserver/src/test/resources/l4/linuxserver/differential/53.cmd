echo c > /tmp/c1; cp /tmp/c1 /tmp/c2; cmp /tmp/c1 /tmp/c2 && echo same
