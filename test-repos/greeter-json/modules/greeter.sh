#!/bin/sh
echo "Greetings from org.example.Greeter"
