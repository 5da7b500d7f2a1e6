package debrief_test

// The Go SDK against the real server. tests/sdk/harness.py starts the server
// and a cuttable proxy and says where in DEBRIEF_* variables; without them
// the tests are skipped.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"debrief"
	pb "debrief/gen/go/debrief/v1"
)

type scriptedCase struct {
	Opening string            `json:"opening"`
	Context map[string]any    `json:"context"`
	Answers map[string]answer `json:"answers"`
	order   []string
}

type answer struct {
	Text  string `json:"text"`
	Vague string `json:"vague"`
}

func env(t *testing.T) (addr, token, control string, c *scriptedCase) {
	addr, token, control = os.Getenv("DEBRIEF_ADDR"), os.Getenv("DEBRIEF_TOKEN"), os.Getenv("DEBRIEF_CONTROL_URL")
	path := os.Getenv("DEBRIEF_SDK_CASE")
	if addr == "" || token == "" || control == "" || path == "" {
		t.Skip("run through tests/sdk/harness.py (ctest -R sdk_go)")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c = &scriptedCase{}
	if err := json.Unmarshal(raw, c); err != nil {
		t.Fatal(err)
	}
	// The case's field order, as written (Go maps have none).
	var ordered struct {
		Answers json.RawMessage `json:"answers"`
	}
	_ = json.Unmarshal(raw, &ordered)
	dec := json.NewDecoder(bytes.NewReader(ordered.Answers))
	_, _ = dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		c.order = append(c.order, k.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	return
}

// simUser answers like the Python suite's SimUser.
type simUser struct {
	c          *scriptedCase
	used, vagu map[string]bool
	turn       int
}

func (u *simUser) reply(targets []string) string {
	u.turn++
	if u.turn == 1 {
		return u.c.Opening
	}
	for _, t := range append(slices.Clone(targets), u.c.order...) {
		a, ok := u.c.Answers[t]
		if !ok || u.used[t] {
			continue
		}
		if a.Vague != "" && !u.vagu[t] {
			u.vagu[t] = true
			return a.Vague
		}
		u.used[t] = true
		return a.Text
	}
	return fmt.Sprintf("That's all I have. (%d)", u.turn)
}

func ctl(t *testing.T, control, method, path string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, control+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func newSession(t *testing.T, ctx context.Context, c *debrief.Client, sc *scriptedCase, key string) *pb.Session {
	t.Helper()
	attrs, err := structpb.NewStruct(sc.Context)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.CreateSession(ctx, &pb.CreateSessionRequest{TemplateSlug: "sales_debrief",
		Subject: &pb.Subject{Kind: "meeting", Key: key, Title: "Fleet tracking demo", Attributes: attrs}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func key() string { return fmt.Sprintf("account:sdk-go-%d", time.Now().UnixNano()) }

func TestSessionsAndPages(t *testing.T) {
	addr, token, _, sc := env(t)
	ctx := context.Background()
	c, err := debrief.New(addr, debrief.Options{Token: debrief.StaticToken(token)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	k := key()
	made := map[string]bool{}
	for range 5 {
		made[newSession(t, ctx, c, sc, k).Id] = true
	}
	got := map[string]bool{}
	for s, err := range c.ListSessions(ctx, &pb.ListSessionsRequest{PageSize: 2, SubjectKey: k}) {
		if err != nil {
			t.Fatal(err)
		}
		got[s.Id] = true
	}
	if len(got) != 5 || len(made) != 5 {
		t.Fatalf("listed %d of %d sessions over pages of 2", len(got), len(made))
	}
	for id := range made {
		s, err := c.GetSession(ctx, id)
		if err != nil || s.Subject.Key != k {
			t.Fatalf("GetSession(%s) = %v, %v", id, s, err)
		}
	}
	_, err = c.GetSession(ctx, "00000000-0000-4000-8000-000000000000")
	if status.Code(err) != codes.NotFound {
		t.Fatalf("a missing session: %v", err)
	}
}

func TestInterviewSurvivesCuts(t *testing.T) {
	addr, token, control, sc := env(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := debrief.New(addr, debrief.Options{Token: debrief.StaticToken(token)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess := newSession(t, ctx, c, sc, key())
	before := ctl(t, control, "GET", "/stats")
	iv := c.Interview(ctx, sess.Id, debrief.InterviewOptions{})
	defer iv.Close()
	user := &simUser{c: sc, used: map[string]bool{}, vagu: map[string]bool{}}
	sent := map[string]string{}
	var acks []string
	var completed *debrief.Completed
	reconnecting := 0
	for {
		ev, err := iv.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := ev.(type) {
		case *debrief.Acked:
			acks = append(acks, e.ClientMsgID)
		case *debrief.Reconnecting:
			reconnecting++
		case *debrief.Completed:
			completed = e
		case *debrief.Question:
			text := user.reply(e.Question.TargetFields)
			switch user.turn {
			case 3:
				ctl(t, control, "POST", "/arm?mode=drop&marker="+url.QueryEscape(text))
			case 5:
				ctl(t, control, "POST", "/arm?mode=blackhole&marker="+url.QueryEscape(text))
			}
			sent[iv.Answer(text)] = text
			switch user.turn {
			case 5: // stored, but its ack is lost
				waitStored(t, ctx, c, sess.Id, text, control)
				ctl(t, control, "POST", "/cut")
			case 7:
				ctl(t, control, "POST", "/cut")
			}
		}
	}
	after := ctl(t, control, "GET", "/stats")
	if completed == nil {
		t.Fatal("no Completed event")
	}
	if fired := after["fired"].(float64) - before["fired"].(float64); fired != 2 {
		t.Fatalf("the proxy fired %v times, want 2", fired)
	}
	if reconnecting < 3 || iv.Reconnects < 3 || len(iv.Pending()) != 0 {
		t.Fatalf("reconnecting events %d, Reconnects %d, pending %v", reconnecting, iv.Reconnects, iv.Pending())
	}
	ids := make([]string, 0, len(sent))
	for id := range sent {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Sort(acks)
	if !slices.Equal(ids, acks) {
		t.Fatalf("acks %v, want one per answer %v", acks, ids)
	}
	vals := map[string]*structpb.Value{}
	for _, fv := range completed.Completed.Extracted {
		vals[fv.Key] = fv.Value
	}
	if vals["deal_stage"].GetStringValue() != "proposal" ||
		vals["budget"].GetStructValue().GetFields()["amount"].GetNumberValue() != 180000 {
		t.Fatalf("extracted %v", vals)
	}
	// The transcript holds every answer exactly once, under the SDK's id.
	stored := map[string]string{}
	n := 0
	for m, err := range c.SessionHistory(ctx, &pb.GetSessionHistoryRequest{SessionId: sess.Id, PageSize: 7}) {
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind == pb.MessageKind_MESSAGE_KIND_ANSWER {
			stored[m.ClientMsgId] = m.Text
			n++
		}
	}
	if n != len(sent) || fmt.Sprint(stored) != fmt.Sprint(sent) {
		t.Fatalf("stored %d answers %v, sent %d %v", n, stored, len(sent), sent)
	}
}

func waitStored(t *testing.T, ctx context.Context, c *debrief.Client, sid, text, control string) {
	t.Helper()
	direct, err := debrief.New(os.Getenv("DEBRIEF_DIRECT_ADDR"),
		debrief.Options{Token: debrief.StaticToken(os.Getenv("DEBRIEF_TOKEN"))})
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for m, err := range direct.SessionHistory(ctx, &pb.GetSessionHistoryRequest{SessionId: sid}) {
			if err != nil {
				t.Fatal(err)
			}
			if m.Text == text {
				return
			}
		}
	}
	t.Fatalf("the answer never reached the database: %s", text)
}

func TestTokenRefreshAndDeadline(t *testing.T) {
	addr, _, control, sc := env(t)
	ctx := context.Background()
	var calls []bool
	src := func(ctx context.Context, refresh bool) (string, error) {
		calls = append(calls, refresh)
		ttl := -60 // the cached token has expired
		if refresh {
			ttl = 600
		}
		return ctl(t, control, "GET", fmt.Sprintf("/token?ttl=%d", ttl))["token"].(string), nil
	}
	c, err := debrief.New(addr, debrief.Options{Token: src})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := newSession(t, ctx, c, sc, key())
	if !slices.Equal(calls, []bool{false, true}) {
		t.Fatalf("token calls %v, want [false true]", calls)
	}
	// A reply that never comes: the context's deadline ends the call.
	ctl(t, control, "POST", "/arm?mode=blackhole&marker="+s.Id)
	dctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.GetSession(dctx, s.Id)
	if status.Code(err) != codes.DeadlineExceeded || time.Since(start) > 3*time.Second {
		t.Fatalf("GetSession with a 500 ms deadline: %v after %v", err, time.Since(start))
	}
	ctl(t, control, "POST", "/cut")
	if _, err := c.GetSession(ctx, s.Id); err != nil {
		t.Fatalf("after the cut: %v", err)
	}
}

// liveSession: a client with the suite's token and a new session on it; the
// client is closed when the test ends, and ctx ends after 30 s.
func liveSession(t *testing.T) (context.Context, *debrief.Client, *pb.Session) {
	t.Helper()
	addr, token, _, sc := env(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	c, err := debrief.New(addr, debrief.Options{Token: debrief.StaticToken(token)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return ctx, c, newSession(t, ctx, c, sc, key())
}

func TestTakeoverStopsTheOlderInterview(t *testing.T) {
	ctx, c, s := liveSession(t)
	first := c.Interview(ctx, s.Id, debrief.InterviewOptions{})
	defer first.Close()
	if ev, err := first.Next(ctx); err != nil {
		t.Fatal(err)
	} else if _, ok := ev.(*debrief.Opened); !ok {
		t.Fatalf("first event %T", ev)
	}
	second := c.Interview(ctx, s.Id, debrief.InterviewOptions{})
	defer second.Close()
	if _, err := second.Next(ctx); err != nil {
		t.Fatal(err)
	}
	warned := false
	for {
		ev, err := first.Next(ctx)
		if err != nil {
			if !errors.Is(err, debrief.ErrTakenOver) {
				t.Fatalf("want ErrTakenOver, got %v", err)
			}
			break
		}
		if w, ok := ev.(*debrief.Warning); ok && w.Kind == pb.WarningKind_WARNING_KIND_TAKEN_OVER {
			warned = true
		}
	}
	if !warned || first.Reconnects != 0 {
		t.Fatalf("warned %v, reconnects %d", warned, first.Reconnects)
	}
}

// A refused control is a Rejected event on a stream that stays open: pausing
// a paused session, then the interview goes on.
func TestRefusedControlIsARejectedEvent(t *testing.T) {
	ctx, c, s := liveSession(t)
	iv := c.Interview(ctx, s.Id, debrief.InterviewOptions{})
	defer iv.Close()
	var rejected []*debrief.Rejected
	var sent string
	for step := 0; step < 5; {
		ev, err := iv.Next(ctx)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		switch e := ev.(type) {
		case *debrief.Question:
			if step == 0 {
				err, step = iv.Control(pb.ControlAction_CONTROL_ACTION_PAUSE), 1
			}
		case *debrief.StateChanged:
			if step == 1 && e.State == pb.SessionState_SESSION_STATE_PAUSED {
				err, step = iv.Control(pb.ControlAction_CONTROL_ACTION_PAUSE), 2 // again: refused
			} else if step == 3 && e.State == pb.SessionState_SESSION_STATE_ACTIVE {
				sent, step = iv.Answer("Northwind, we met their CFO on Tuesday."), 4
			}
		case *debrief.Rejected:
			rejected = append(rejected, e)
			if step == 2 {
				err, step = iv.Control(pb.ControlAction_CONTROL_ACTION_RESUME), 3
			}
		case *debrief.Acked:
			if step == 4 && e.ClientMsgID == sent {
				step = 5
			}
		}
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
	}
	if len(rejected) != 1 {
		t.Fatalf("rejected %v, want one", rejected)
	}
	r := rejected[0]
	if r.Code != codes.FailedPrecondition || r.Frame != "control" || r.Seq != 0 ||
		!strings.Contains(r.Message, "PAUSED") {
		t.Fatalf("rejected %+v", r)
	}
	if iv.Reconnects != 0 || len(iv.Pending()) != 0 {
		t.Fatalf("reconnects %d, pending %v", iv.Reconnects, iv.Pending())
	}
}
