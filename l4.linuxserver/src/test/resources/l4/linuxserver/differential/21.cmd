echo abc > /tmp/a; echo def >> /tmp/a; wc -l < /tmp/a
