package isolate

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the child die with this process: a daemon killed
// with SIGKILL leaves no check running behind it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
