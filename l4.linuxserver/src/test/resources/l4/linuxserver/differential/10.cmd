echo one:two:three | cut -d: -f2
