(echo sub; exit 5); echo status=$?
