expr length hello
