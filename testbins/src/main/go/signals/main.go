// Command signals catches SIGUSR1 and SIGTERM with os/signal.Notify, sent to itself with
// syscall.Kill from the main goroutine and from another one, then stops catching SIGUSR1
// and ignores it.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func await(c chan os.Signal) string {
	select {
	case s := <-c:
		return s.String()
	case <-time.After(10 * time.Second):
		return "nothing within 10s"
	}
}

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGTERM)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	fmt.Println("got:", await(c))
	go syscall.Kill(os.Getpid(), syscall.SIGTERM)
	fmt.Println("got:", await(c))

	signal.Stop(c)
	signal.Ignore(syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("ignored SIGUSR1, still here; ignored:", signal.Ignored(syscall.SIGUSR1))
}
