[ -d / ] && echo dir
