#!/bin/sh
# Prints the greeting; with a language argument also the installed translation, if any.
echo "Polyglot says hello"
if [ -n "$1" ] && [ -r "/app/share/locale/$1/LC_MESSAGES/org.example.Polyglot.txt" ]; then
    cat "/app/share/locale/$1/LC_MESSAGES/org.example.Polyglot.txt"
fi
