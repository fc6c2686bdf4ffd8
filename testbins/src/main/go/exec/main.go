// Command exec runs itself as a child with os/exec: its output and exit code, a child fed
// through a stdin pipe, and an environment passed on.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func child(args []string) {
	switch args[0] {
	case "echo":
		fmt.Println("child args:", strings.Join(args[1:], ","), "env:", os.Getenv("ZLX_GO"))
		os.Exit(3)
	case "upper":
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			fmt.Println(strings.ToUpper(in.Text()))
		}
		os.Exit(0)
	}
}

func main() {
	if len(os.Args) > 1 {
		child(os.Args[1:])
		return
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Println("os.Executable:", err)
		return
	}
	cmd := exec.Command(self, "echo", "a", "b")
	cmd.Env = []string{"ZLX_GO=yes"}
	out, err := cmd.Output()
	fmt.Printf("output: %q\n", out)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		fmt.Println("exit code:", exit.ExitCode())
	} else {
		fmt.Println("error:", err)
	}

	up := exec.Command(self, "upper")
	stdin, _ := up.StdinPipe()
	var buf strings.Builder
	up.Stdout = &buf
	if err := up.Start(); err != nil {
		fmt.Println("start:", err)
		return
	}
	fmt.Fprintln(stdin, "hello")
	fmt.Fprintln(stdin, "from the parent")
	stdin.Close()
	err = up.Wait()
	fmt.Printf("upper: %q err=%v success=%v\n", buf.String(), err, up.ProcessState.Success())
}
