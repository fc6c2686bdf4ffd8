// Command preempt needs asynchronous preemption: with GOMAXPROCS=1 a goroutine spins in a loop
// without function calls, and the main goroutine must still run after its time.Sleep. Only
// the runtime's SIGURG to the spinning thread can give the processor back.
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
)

func main() {
	runtime.GOMAXPROCS(1)
	var stop int32
	var spins uint64
	done := make(chan bool)
	go func() {
		for atomic.LoadInt32(&stop) == 0 {
			spins++
		}
		done <- true
	}()
	time.Sleep(50 * time.Millisecond)
	atomic.StoreInt32(&stop, 1)
	<-done
	fmt.Println("main ran while a goroutine spun:", spins > 0)
}
