echo abc | bzip2 | bzcat; echo abc | gzip -9 | zcat; echo abc | gzip | gzip -t; echo $?
