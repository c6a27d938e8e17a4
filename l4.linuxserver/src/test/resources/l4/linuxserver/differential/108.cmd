/bin/lxtest alarmkill; echo status=$?
