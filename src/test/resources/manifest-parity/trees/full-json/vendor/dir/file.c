in a dir
