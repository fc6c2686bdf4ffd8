// Command gcstress keeps the garbage collector busy on several threads: 8 goroutines on
// GOMAXPROCS=4 build and drop linked lists and maps for three rounds, so concurrent marking,
// stop-the-world phases and assist work all happen while other threads compute.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type node struct {
	next *node
	val  [8]int
}

func work(id int) int {
	total := 0
	for round := 0; round < 3; round++ {
		var head *node
		for i := 0; i < 20000; i++ {
			head = &node{next: head, val: [8]int{i, id}}
		}
		m := make(map[int][]byte)
		for i := 0; i < 5000; i++ {
			m[i] = make([]byte, 64+i%128)
		}
		for n := head; n != nil; n = n.next {
			total += n.val[0] & 1
		}
		total += len(m)
	}
	return total
}

func main() {
	runtime.GOMAXPROCS(4)
	var wg sync.WaitGroup
	results := make([]int, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			results[g] = work(g)
		}(g)
	}
	wg.Wait()
	sum := 0
	for _, r := range results {
		sum += r
	}
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	fmt.Println("sum:", sum, "collections happened:", stats.NumGC > 0)
}
