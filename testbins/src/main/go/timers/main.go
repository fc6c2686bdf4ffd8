// Command timers exercises the runtime's timers: time.Sleep, time.NewTimer (fired and stopped),
// time.NewTicker, time.After in a select, and a context deadline.
package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("sleep at least 20ms:", time.Since(start) >= 20*time.Millisecond)

	t := time.NewTimer(30 * time.Millisecond)
	<-t.C
	fmt.Println("timer fired")
	long := time.NewTimer(time.Hour)
	fmt.Println("long timer stopped:", long.Stop())

	tick := time.NewTicker(10 * time.Millisecond)
	ticks := 0
	for range tick.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	tick.Stop()
	fmt.Println("ticks:", ticks)

	values := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		values <- 7
	}()
	select {
	case v := <-values:
		fmt.Println("value before timeout:", v)
	case <-time.After(10 * time.Second):
		fmt.Println("timeout")
	}
	select {
	case v := <-values:
		fmt.Println("unexpected value", v)
	case <-time.After(25 * time.Millisecond):
		fmt.Println("time.After won")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	fmt.Println("context:", ctx.Err())
	fmt.Println("total at least 130ms:", time.Since(start) >= 130*time.Millisecond)
}
