echo abc | sed 's/b/X/'
