package ceiling

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestMain doubles as the helper process: with CEILING_HELPER=grow it
// touches memory a megabyte at a time until it is killed; with =idle it
// only waits.
func TestMain(m *testing.M) {
	switch os.Getenv("CEILING_HELPER") {
	case "grow":
		var keep [][]byte
		for range 4096 { // 4 GiB at most, should the watch fail
			b := make([]byte, 1<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			keep = append(keep, b)
			time.Sleep(time.Millisecond)
		}
		runtime.KeepAlive(keep)
		os.Exit(3)
	case "idle":
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func helper(t *testing.T, mode string, group bool) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CEILING_HELPER="+mode)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: group}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

func TestProcess(t *testing.T) {
	if _, err := Process(os.Getpid()); err == ErrUnsupported {
		t.Skip(err)
	}
	rss, err := Process(os.Getpid())
	if err != nil || rss < 1<<20 || rss > 4<<30 {
		t.Errorf("Process(self) = %d, %v; want a few megabytes", rss, err)
	}
	cmd := helper(t, "idle", false)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if _, err := Process(cmd.Process.Pid); err == nil {
		t.Error("Process of a process that is gone gave no error")
	}
}

func TestWatch_killsPastTheCeiling(t *testing.T) {
	if _, err := Process(os.Getpid()); err == ErrUnsupported {
		t.Skip(err)
	}
	const limit = 200 << 20
	for _, group := range []bool{false, true} {
		name := map[bool]string{false: "process", true: "group"}[group]
		t.Run(name, func(t *testing.T) {
			cmd := helper(t, "grow", group)
			pid := cmd.Process.Pid
			measure := func() (int64, error) { return Process(pid) }
			kill := func() { _ = cmd.Process.Kill() }
			if group {
				measure = func() (int64, error) {
					rss, n, err := Group(pid)
					if err == nil && n == 0 {
						return 0, os.ErrProcessDone
					}
					return rss, err
				}
				kill = func() { _ = syscall.Kill(-pid, syscall.SIGKILL) }
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			exceeded, at := Watch(ctx, limit, 0, measure, kill)
			err := cmd.Wait()
			if !exceeded {
				t.Fatalf("Watch returned without passing the ceiling (peak %d MB, helper %v)", at>>20, err)
			}
			if at > limit+100<<20 {
				t.Errorf("killed at %d MB, more than 100 MB past the %d MB ceiling", at>>20, limit>>20)
			}
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
				t.Errorf("helper ended with %v, want killed", cmd.ProcessState)
			}
		})
	}
}

func TestWatch_stopsWithItsContext(t *testing.T) {
	cmd := helper(t, "idle", false)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	killed := false
	exceeded, peak := Watch(ctx, 1<<40, 0, func() (int64, error) { return Process(cmd.Process.Pid) }, func() { killed = true })
	if exceeded || killed || peak <= 0 {
		t.Errorf("Watch = %v, %d (killed %v); want no kill and a peak", exceeded, peak, killed)
	}
}
