package debrief_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readmeExample is the fenced block after <!-- example: lang --> in clients/README.md.
func readmeExample(t *testing.T, lang string) string {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(raw), "<!-- example: "+lang+" -->")
	if !ok {
		t.Fatalf("no %s example in clients/README.md", lang)
	}
	lines := strings.Split(after, "\n")
	var code []string
	in := false
	for _, ln := range lines {
		if strings.HasPrefix(ln, "```") {
			if in {
				break
			}
			in = true
			continue
		}
		if in {
			code = append(code, ln)
		}
	}
	return strings.Join(code, "\n") + "\n"
}

// TestReadmeExample builds clients/README.md's Go example as a module of its
// own that requires debrief by a replace directive, as the README says, and
// runs it on the scripted answers.
func TestReadmeExample(t *testing.T) {
	addr, _, _, sc := env(t)
	dir := t.TempDir()
	here, _ := filepath.Abs(".")
	mod := "module example\n\ngo 1.24\n\nrequire debrief v0.0.0\n\nreplace debrief => " + here + "\n"
	sum, _ := os.ReadFile("go.sum")
	for name, body := range map[string][]byte{"main.go": []byte(readmeExample(t, "go")),
		"go.mod": []byte(mod), "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(stdin string, args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "DEBRIEF_ADDR="+addr, "GOFLAGS=-mod=mod")
		cmd.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("go %v: %v\n%s%s", args, err, out.String(), errb.String())
		}
		return out.String()
	}
	run("", "mod", "tidy")
	answers := []string{sc.Opening}
	for _, k := range sc.order {
		answers = append(answers, sc.Answers[k].Text)
	}
	out := run(strings.Join(answers, "\n")+"\n", "run", ".")
	if strings.Count(out, "Q:") < 3 || !strings.Contains(out, `key:"budget"`) ||
		!strings.Contains(out, `string_value:"proposal"`) {
		t.Fatalf("the example printed:\n%s", out)
	}
}
