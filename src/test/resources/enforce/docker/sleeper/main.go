// A container process for the guard's system test: sleeps, or with an argument prints its uid and exits.
// Built static (CGO_ENABLED=0) at test time and imported as the only file of an image.
package main

import (
	"os"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		os.Stdout.WriteString("uid=" + itoa(os.Getuid()) + "\n")
		return
	}
	for {
		time.Sleep(time.Hour)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		s = string(rune('0'+i%10)) + s
		i /= 10
	}
	if neg {
		s = "-" + s
	}
	return s
}
