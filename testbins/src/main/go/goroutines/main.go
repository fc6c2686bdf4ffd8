// Command goroutines sums through channels with 1,000 goroutines over GOMAXPROCS=4, a
// sync.WaitGroup and a sync.Mutex, then passes a token along a chain of goroutines.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	runtime.GOMAXPROCS(4)
	const n = 1000
	results := make(chan int, 64)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			s := 0
			for j := 1; j <= k; j++ {
				s += j
			}
			results <- s
			mu.Lock()
			total += k
			mu.Unlock()
		}(i)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	sum, count := 0, 0
	for s := range results {
		sum += s
		count++
	}
	fmt.Printf("goroutines=%d sum=%d total=%d\n", count, sum, total)

	// A chain of 50 goroutines joined by unbuffered channels: the token goes through 100 times.
	const links = 50
	chans := make([]chan int, links+1)
	for i := range chans {
		chans[i] = make(chan int)
	}
	for i := 0; i < links; i++ {
		go func(in, out chan int) {
			for v := range in {
				out <- v + 1
			}
			close(out)
		}(chans[i], chans[i+1])
	}
	token := 0
	for lap := 0; lap < 100; lap++ {
		chans[0] <- token
		token = <-chans[links]
	}
	fmt.Printf("chain token=%d\n", token)
}
