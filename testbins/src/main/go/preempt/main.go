// Command preempt needs asynchronous preemption: with GOMAXPROCS=1 a goroutine spins in a loop
// without function calls after telling main it has started. main, woken by that message, can
// only run again if the runtime's SIGURG takes the processor from the spinning thread; it then
// stops the spinner. Without preemption the program never ends.
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
)

func main() {
	runtime.GOMAXPROCS(1)
	var stop int32
	var spins uint64
	started := make(chan bool, 1)
	done := make(chan uint64)
	go func() {
		started <- true
		var n uint64
		for atomic.LoadInt32(&stop) == 0 {
			n++
		}
		done <- n
	}()
	<-started
	atomic.StoreInt32(&stop, 1)
	spins = <-done
	fmt.Println("main ran while a goroutine spun:", spins > 0)
}
