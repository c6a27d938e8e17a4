sh -c 'sh -c "echo deep; exit 4"; echo inner=$?'; echo outer=$?
