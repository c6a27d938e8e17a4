echo hi | bzip2 | bunzip2
