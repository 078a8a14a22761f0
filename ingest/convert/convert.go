// Package convert turns .ods and .xls workbooks into .xlsx bytes by running
// LibreOffice headless, so that package read only ever has to understand
// .xlsx.
//
// Each conversion gets a fresh LibreOffice profile directory and a fresh
// working directory, both removed afterwards; soffice runs in its own process
// group, and the whole group is killed when the conversion times out or its
// context is cancelled. Because soffice exits 0 even when it could not
// convert, the result is trusted only when it is a non-empty zip holding
// xl/workbook.xml.
//
// soffice and its helpers are held under Options.MaxMemory: their resident
// memory, summed over the process group, is read from /proc every few
// milliseconds (package ceiling) and the group is killed once it passes
// the ceiling (ErrMemory). A spreadsheet whose repeated cells expand to a
// billion takes LibreOffice past gigabytes within seconds.
//
// Conversions run one at a time, process-wide: LibreOffice instances started
// together can trip over each other (shared pipes, shared temporary files)
// even with separate profiles, so ToXLSX waits for the previous conversion to
// end (or for its context) before starting soffice.
//
// It does not read the converted workbook, sniff content or decide whether a
// file is a form: that is package read.
package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"stpclaims/internal/ceiling"
)

// DefaultTimeout bounds one conversion when Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

var (
	// ErrUnavailable: LibreOffice cannot be run here; the caller should ask
	// the sender to save the workbook as .xlsx.
	ErrUnavailable = errors.New("convert: LibreOffice is not installed")
	// ErrTimeout: soffice did not finish within the timeout and was killed.
	ErrTimeout = errors.New("convert: LibreOffice timed out")
	// ErrFailed: soffice ran but produced no readable .xlsx.
	ErrFailed = errors.New("convert: LibreOffice could not convert the file")
	// ErrMemory: soffice passed Options.MaxMemory and was killed.
	ErrMemory = errors.New("convert: LibreOffice needed more memory than allowed")
)

// DefaultMaxMemory bounds LibreOffice's resident memory when
// Options.MaxMemory is zero.
const DefaultMaxMemory = 512 << 20

// Options tunes a conversion. The zero value is ready to use.
type Options struct {
	// Soffice is the soffice program to run; empty means "soffice" on PATH.
	Soffice string
	// Timeout bounds the whole conversion, including the wait for an
	// earlier conversion to end; zero means DefaultTimeout.
	Timeout time.Duration
	// Logger receives one line per conversion; nil means slog.Default().
	Logger *slog.Logger
	// MaxMemory is the resident memory soffice and its helpers may reach
	// together before they are killed; zero means DefaultMaxMemory.
	MaxMemory int64
}

// turn serialises conversions: one token, taken for the duration of a run.
var turn = make(chan struct{}, 1)

// Available reports whether soffice is on PATH.
func Available() bool { return Options{}.Available() }

// Available reports whether the soffice these options name can be found.
func (o Options) Available() bool {
	_, err := o.program()
	return err == nil
}

func (o Options) program() (string, error) {
	name := o.Soffice
	if name == "" {
		name = "soffice"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%w (%s: %v)", ErrUnavailable, name, err)
	}
	return p, nil
}

// ToXLSX converts the workbook data, received under the file name name
// (whose extension, e.g. ".ods" or ".xls", tells LibreOffice what it is), to
// .xlsx and returns the .xlsx bytes. It returns an error wrapping
// ErrUnavailable when soffice cannot be found, ErrTimeout when it ran out of
// time, ErrFailed when it produced nothing usable, or ctx.Err() when ctx was
// cancelled.
func ToXLSX(ctx context.Context, name string, data []byte, opt Options) ([]byte, error) {
	prog, err := opt.program()
	if err != nil {
		return nil, err
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	defer cancel()

	select {
	case turn <- struct{}{}:
		defer func() { <-turn }()
	case <-ctx.Done():
		return nil, fmt.Errorf("convert %s: waiting for the previous conversion: %w", name, context.Cause(ctx))
	}

	work, err := os.MkdirTemp("", "stpclaims-convert-")
	if err != nil {
		return nil, fmt.Errorf("convert %s: %w", name, err)
	}
	defer func() {
		if err := os.RemoveAll(work); err != nil {
			log.WarnContext(ctx, "convert: removing work directory", "dir", work, "err", err)
		}
	}()
	d := newWorkDir(work, name)
	if err := d.populate(data); err != nil {
		return nil, fmt.Errorf("convert %s: %w", name, err)
	}
	cmd, output := d.command(ctx, prog)

	start := time.Now()
	runErr, overMemory := run(ctx, cmd, opt.maxMemory())
	log.InfoContext(ctx, "convert: soffice finished", "file", name, "took", time.Since(start), "err", runErr, "over_memory", overMemory)
	if overMemory {
		return nil, fmt.Errorf("convert %s: %w (%d MB)", name, ErrMemory, opt.maxMemory()>>20)
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("convert %s: %w", name, context.Cause(ctx))
	}
	if runErr != nil {
		return nil, fmt.Errorf("convert %s: %w: soffice: %v: %s", name, ErrFailed, runErr, brief(output.String()))
	}
	out, err := os.ReadFile(d.output())
	if err != nil {
		return nil, fmt.Errorf("convert %s: %w: no output (%s)", name, ErrFailed, brief(output.String()))
	}
	if err := checkXLSX(out); err != nil {
		return nil, fmt.Errorf("convert %s: %w: %v", name, ErrFailed, err)
	}
	return out, nil
}

// workDir is the layout of one conversion's private temporary directory
// root: a fresh LibreOffice profile, the input file, and the directory
// soffice writes the .xlsx to.
type workDir struct {
	root, profile, outDir, input string
}

// newWorkDir lays out a work directory under root for a file received as
// name. The input gets a fixed, harmless name: the sender's file name may
// hold spaces, quotes or a leading dash. Only its extension is kept, for
// LibreOffice to tell the format by.
func newWorkDir(root, name string) workDir {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == "" || strings.ContainsAny(ext, `/\ `) {
		ext = ".bin"
	}
	return workDir{
		root:    root,
		profile: filepath.Join(root, "profile"),
		outDir:  filepath.Join(root, "out"),
		input:   filepath.Join(root, "input"+ext),
	}
}

// populate makes the profile and output directories and writes data as
// the input file.
func (d workDir) populate(data []byte) error {
	for _, dir := range []string{d.profile, d.outDir} {
		if err := os.Mkdir(dir, 0o700); err != nil {
			return err
		}
	}
	return os.WriteFile(d.input, data, 0o600)
}

// output is where soffice writes the converted workbook.
func (d workDir) output() string { return filepath.Join(d.outDir, "input.xlsx") }

// command is the soffice run converting d's input, in its own process
// group (killed whole when ctx ends) with its own profile and HOME, its
// stdout and stderr gathered in output for the error message.
func (d workDir) command(ctx context.Context, prog string) (cmd *exec.Cmd, output *bytes.Buffer) {
	cmd = exec.CommandContext(ctx, prog,
		"--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation="+fileURL(d.profile),
		"--convert-to", "xlsx", "--outdir", d.outDir, d.input)
	cmd.Dir = d.root
	cmd.Env = append(os.Environ(), "HOME="+d.profile)
	output = &bytes.Buffer{}
	cmd.Stdout = output
	cmd.Stderr = output
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd.Process.Pid) }
	cmd.WaitDelay = 5 * time.Second
	return cmd, output
}

func (o Options) maxMemory() int64 {
	if o.MaxMemory <= 0 {
		return DefaultMaxMemory
	}
	return o.MaxMemory
}

// run runs soffice while watching its process group's memory, and kills
// the group once it passes maxMemory (overMemory) or when it is done.
func run(ctx context.Context, cmd *exec.Cmd, maxMemory int64) (runErr error, overMemory bool) {
	if err := cmd.Start(); err != nil {
		return err, false
	}
	pgid := cmd.Process.Pid
	watch, stop := context.WithCancel(ctx)
	watched := make(chan bool, 1)
	go func() {
		over, _ := ceiling.Watch(watch, maxMemory, ceiling.DefaultInterval, func() (int64, error) {
			rss, n, err := ceiling.Group(pgid)
			if err == nil && n == 0 {
				return 0, os.ErrProcessDone
			}
			return rss, err
		}, func() { _ = killGroup(pgid) })
		watched <- over
	}()
	runErr = cmd.Wait()
	// soffice's helpers (oosplash, soffice.bin) may outlive the launcher;
	// the group goes whatever happened.
	_ = killGroup(pgid)
	stop()
	return runErr, <-watched
}

// checkXLSX verifies that b is a non-empty zip holding xl/workbook.xml.
func checkXLSX(b []byte) error {
	if len(b) == 0 {
		return errors.New("the output is empty")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("the output is not a zip: %w", err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			return nil
		}
	}
	return errors.New("the output has no xl/workbook.xml")
}

// killGroup kills the process group led by pid; a group already gone is not
// an error.
func killGroup(pid int) error {
	err := syscall.Kill(-pid, syscall.SIGKILL)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}

// fileURL turns an absolute path into a file:// URL as LibreOffice expects.
func fileURL(p string) string {
	return "file://" + filepath.ToSlash(p)
}

// brief trims soffice's chatter for an error message.
func brief(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if s == "" {
		return "soffice said nothing"
	}
	return s
}
