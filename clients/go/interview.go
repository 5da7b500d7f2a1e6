package debrief

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "debrief/gen/go/debrief/v1"
)

// Event is one thing that happened on an Interview; switch on its type.
// Seq is 0 for frames that are not persisted; Replayed marks frames the
// server replayed after a reconnection.
type Event interface{ event() *Base }

// Base is what every Event carries.
type Base struct {
	Seq      int64
	Replayed bool
}

func (b *Base) event() *Base { return b }

type (
	// Opened: the stream is attached; Session is the server's snapshot.
	Opened struct {
		Base
		Session *pb.Session
		Resumed bool
	}
	// Question to answer with Interview.Answer.
	Question struct {
		Base
		Question *pb.Question
	}
	// TextDelta is a piece of a question while a model writes it.
	TextDelta struct {
		Base
		QuestionID, Delta string
		Index             int32
	}
	// Extraction lists fields an answer or an edit changed.
	Extraction struct {
		Base
		Updates []*pb.FieldValue
	}
	// Acked: an answer is committed; Duplicate when an earlier try stored it.
	Acked struct {
		Base
		ClientMsgID string
		AckSeq      int64
		Duplicate   bool
	}
	// Warning: inactivity, expiring, provider fallback, taken over, shutdown.
	Warning struct {
		Base
		Kind    pb.WarningKind
		Message string
	}
	// StateChanged: the session moved from Previous to State.
	StateChanged struct {
		Base
		State, Previous pb.SessionState
		Reason          string
	}
	// Completed: the interview is over; Next answers io.EOF after it.
	Completed struct {
		Base
		Completed *pb.Completed
	}
	// Rejected: a control or an edit was refused and changed nothing; the
	// stream stays open. Code is the gRPC status code (codes.InvalidArgument
	// for a value, codes.FailedPrecondition for the session's state, e.g.
	// pausing a paused session); Frame is "control" or "edit_field".
	Rejected struct {
		Base
		ClientMsgID string
		Code        codes.Code
		Message     string
		Frame       string
	}
	// Reconnecting: the stream dropped; the next try starts after Delay.
	Reconnecting struct {
		Base
		Attempt int
		Delay   time.Duration
		Err     error
	}
)

// InterviewOptions tune an Interview. Zero values mean the defaults.
type InterviewOptions struct {
	// ResumeAfterSeq resumes where an earlier process stopped (its LastSeq).
	ResumeAfterSeq int64
	// OpenTimeout bounds each (re)connection until the snapshot (default 10 s).
	OpenTimeout time.Duration
	// NewID makes client_msg_ids (default: 128 random bits in hex).
	NewID func() string
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// protocol is the Converse state machine, without I/O: the rules of
// docs/protocol.md (resume by seq, pending answers re-sent with their ids
// once the replay is over, gaps repaired by a resync, no fight after a
// takeover) in one place.
type protocol struct {
	sessionID   string
	lastSeq     int64
	opened      bool  // a snapshot arrived once, on any stream
	attached    bool  // this stream's snapshot arrived
	replayUntil int64 // > 0 while a replay is arriving
	pending     []*pb.AnswerFrame
	question    *pb.Question
	final       bool
	takenOver   bool
	resync      bool
	writes      []*pb.ConverseRequest
}

func (p *protocol) openRequest() *pb.ConverseRequest {
	p.replayUntil, p.resync, p.writes, p.attached = 0, false, nil, false
	return &pb.ConverseRequest{Frame: &pb.ConverseRequest_Open{Open: &pb.OpenFrame{
		SessionId: p.sessionID, ResumeAfterSeq: p.lastSeq}}}
}

func answerRequest(a *pb.AnswerFrame) *pb.ConverseRequest {
	return &pb.ConverseRequest{Frame: &pb.ConverseRequest_Answer{Answer: a}}
}

func (p *protocol) ack(id string) {
	for i, a := range p.pending {
		if a.ClientMsgId == id {
			p.pending = append(p.pending[:i], p.pending[i+1:]...)
			return
		}
	}
}

func (p *protocol) isPending(id string) bool {
	for _, a := range p.pending {
		if a.ClientMsgId == id {
			return true
		}
	}
	return false
}

// readyToSend: attached, and the replay is over (pending answers wait for it).
func (p *protocol) readyToSend() bool { return p.attached && p.replayUntil == 0 }

func (p *protocol) replayDone() {
	p.replayUntil = 0
	for _, a := range p.pending {
		p.writes = append(p.writes, answerRequest(a))
	}
}

func (p *protocol) onFrame(f *pb.ConverseResponse) []Event {
	if snap := f.GetSnapshot(); snap != nil {
		return p.onSnapshot(snap)
	}
	if f.Seq > 0 {
		if ack := f.GetAck(); ack != nil && f.Seq <= p.lastSeq && p.isPending(ack.ClientMsgId) {
			p.ack(ack.ClientMsgId) // a duplicate ack for an answer stored earlier
			return []Event{p.event(f)}
		}
		if f.Seq <= p.lastSeq {
			return nil
		}
		if f.Seq > p.lastSeq+1 {
			p.resync = true // frames were lost: reopen and let the server replay them
			return nil
		}
		p.lastSeq = f.Seq
	}
	out := []Event{p.event(f)}
	if ack := f.GetAck(); ack != nil {
		p.ack(ack.ClientMsgId)
	}
	if p.replayUntil > 0 && p.lastSeq >= p.replayUntil {
		p.replayDone()
	}
	return out
}

func (p *protocol) onSnapshot(s *pb.Snapshot) []Event {
	first := !p.opened
	p.opened, p.attached = true, true
	out := []Event{&Opened{Session: s.Session, Resumed: !first}}
	if first {
		p.lastSeq = max(p.lastSeq, s.Session.GetLastSeq())
		switch s.Session.GetState() {
		case pb.SessionState_SESSION_STATE_COMPLETED, pb.SessionState_SESSION_STATE_CANCELLED,
			pb.SessionState_SESSION_STATE_EXPIRED:
			p.final = true
			return out
		}
		if q := s.PendingQuestion; q != nil {
			p.question = q
			out = append(out, &Question{Base: Base{Seq: q.Seq}, Question: q})
		}
	}
	if s.Session.GetLastSeq() > p.lastSeq {
		p.replayUntil = s.Session.GetLastSeq()
	} else {
		p.replayDone()
	}
	return out
}

func (p *protocol) event(f *pb.ConverseResponse) Event {
	b := Base{Seq: f.Seq, Replayed: f.Replayed}
	switch fr := f.Frame.(type) {
	case *pb.ConverseResponse_Question:
		p.question = fr.Question
		return &Question{Base: b, Question: fr.Question}
	case *pb.ConverseResponse_TextDelta:
		return &TextDelta{Base: b, QuestionID: fr.TextDelta.QuestionId, Delta: fr.TextDelta.Delta,
			Index: fr.TextDelta.Index}
	case *pb.ConverseResponse_Extraction:
		return &Extraction{Base: b, Updates: fr.Extraction.Updates}
	case *pb.ConverseResponse_Ack:
		return &Acked{Base: b, ClientMsgID: fr.Ack.ClientMsgId, AckSeq: fr.Ack.Seq,
			Duplicate: fr.Ack.Duplicate}
	case *pb.ConverseResponse_Warning:
		if fr.Warning.Kind == pb.WarningKind_WARNING_KIND_TAKEN_OVER {
			p.takenOver = true
		}
		return &Warning{Base: b, Kind: fr.Warning.Kind, Message: fr.Warning.Message}
	case *pb.ConverseResponse_State:
		return &StateChanged{Base: b, State: fr.State.State, Previous: fr.State.Previous,
			Reason: fr.State.Reason}
	case *pb.ConverseResponse_Completed:
		p.final, p.question = true, nil
		return &Completed{Base: b, Completed: fr.Completed}
	case *pb.ConverseResponse_Rejected:
		return &Rejected{Base: b, ClientMsgID: fr.Rejected.ClientMsgId, Code: codes.Code(fr.Rejected.Code),
			Message: fr.Rejected.Message, Frame: fr.Rejected.Frame}
	}
	return &b
}

type received struct {
	f   *pb.ConverseResponse
	err error
}

// Interview drives one session's interview over Converse. Call Next for
// events; Answer may be called from any goroutine, also while the stream
// is reconnecting: the answer is sent when it is back, under the same id.
type Interview struct {
	c          *Client
	ctx        context.Context
	opts       InterviewOptions
	mu         sync.Mutex // guards p, stream and Send
	p          protocol
	stream     grpc.BidiStreamingClient[pb.ConverseRequest, pb.ConverseResponse]
	cancel     context.CancelFunc
	frames     chan received
	r          retry
	queue      []Event
	wait       time.Duration
	done       bool
	Reconnects int
}

// Interview starts an interview on sessionID; ctx bounds its whole life.
// Nothing is sent before the first Next.
func (c *Client) Interview(ctx context.Context, sessionID string, opts InterviewOptions) *Interview {
	if opts.OpenTimeout == 0 {
		opts.OpenTimeout = 10 * time.Second
	}
	if opts.NewID == nil {
		opts.NewID = newID
	}
	return &Interview{c: c, ctx: ctx, opts: opts, r: retry{b: c.opts.Backoff},
		p: protocol{sessionID: sessionID, lastSeq: opts.ResumeAfterSeq, opened: opts.ResumeAfterSeq > 0}}
}

// LastSeq is the last persisted seq seen; keep it to resume elsewhere.
func (iv *Interview) LastSeq() int64 {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	return iv.p.lastSeq
}

// Pending lists the client_msg_ids of answers not acknowledged yet.
func (iv *Interview) Pending() []string {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	ids := make([]string, len(iv.p.pending))
	for i, a := range iv.p.pending {
		ids[i] = a.ClientMsgId
	}
	return ids
}

// Answer sends text as the answer to the current question and returns its
// client_msg_id. A send error is not returned: the answer stays pending and
// goes again after the reconnection.
func (iv *Interview) Answer(text string) string {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	a := &pb.AnswerFrame{ClientMsgId: iv.opts.NewID(), Text: text}
	if iv.p.question != nil {
		a.QuestionId = iv.p.question.QuestionId
	}
	iv.p.pending = append(iv.p.pending, a)
	if iv.stream != nil && iv.p.readyToSend() {
		_ = iv.stream.Send(answerRequest(a))
	}
	return a.ClientMsgId
}

// Control sends pause, resume, skip or finish.
func (iv *Interview) Control(action pb.ControlAction) error {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	if iv.stream == nil || !iv.p.attached {
		return status.Error(codes.Unavailable, "the stream is reconnecting")
	}
	return iv.stream.Send(&pb.ConverseRequest{Frame: &pb.ConverseRequest_Control{
		Control: &pb.ControlFrame{Action: action}}})
}

// Finish asks the server to complete the interview now.
func (iv *Interview) Finish() error { return iv.Control(pb.ControlAction_CONTROL_ACTION_FINISH) }

// Close ends the stream; Next answers io.EOF afterwards.
func (iv *Interview) Close() {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	iv.done = true
	iv.disconnectLocked()
}

func (iv *Interview) disconnectLocked() {
	if iv.cancel != nil {
		iv.cancel()
	}
	iv.stream, iv.cancel, iv.frames = nil, nil, nil
}

func (iv *Interview) connect() error {
	ctx, cancel := context.WithCancel(iv.ctx)
	actx, err := iv.c.authed(ctx, iv.r.refresh)
	if err != nil {
		cancel()
		return err
	}
	stream, err := iv.c.Converse.Converse(actx)
	if err != nil {
		cancel()
		return err
	}
	frames := make(chan received, 16)
	iv.mu.Lock()
	iv.stream, iv.cancel, iv.frames = stream, cancel, frames
	err = stream.Send(iv.p.openRequest())
	iv.mu.Unlock()
	go func() {
		for {
			f, err := stream.Recv()
			select {
			case frames <- received{f, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return err
}

// Next returns the next event. It answers io.EOF after Completed (or at once
// when the session was already over), an error wrapping ErrTakenOver when
// another stream took the session, ctx's error when ctx ends, and the last
// status error when reconnecting fails for good.
func (iv *Interview) Next(ctx context.Context) (Event, error) {
	for {
		if len(iv.queue) > 0 {
			ev := iv.queue[0]
			iv.queue = iv.queue[1:]
			return ev, nil
		}
		iv.mu.Lock()
		done, frames := iv.done, iv.frames
		iv.mu.Unlock()
		if done {
			return nil, io.EOF
		}
		if frames == nil {
			if err := sleep(ctx, iv.wait); err != nil {
				return nil, err
			}
			iv.wait = 0
			if err := iv.connect(); err != nil {
				if err := iv.failed(err); err != nil {
					return nil, err
				}
				continue
			}
			continue
		}
		if err := iv.step(ctx, frames); err != nil {
			return nil, err
		}
	}
}

// step waits for one frame of the current stream (before its snapshot, at
// most OpenTimeout) and handles it.
func (iv *Interview) step(ctx context.Context, frames chan received) error {
	var timeout <-chan time.Time
	iv.mu.Lock()
	opening := !iv.p.attached
	iv.mu.Unlock()
	if opening {
		t := time.NewTimer(iv.opts.OpenTimeout)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timeout:
		return iv.failed(status.Errorf(codes.Unavailable, "no snapshot within %v of opening",
			iv.opts.OpenTimeout))
	case r := <-frames:
		if r.err != nil {
			return iv.failed(r.err)
		}
		iv.onFrame(r.f)
		return nil
	}
}

func (iv *Interview) onFrame(f *pb.ConverseResponse) {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	if f.GetSnapshot() != nil {
		iv.r.reset()
	}
	iv.queue = append(iv.queue, iv.p.onFrame(f)...)
	for _, w := range iv.p.writes {
		if iv.stream != nil {
			_ = iv.stream.Send(w)
		}
	}
	iv.p.writes = nil
	if iv.p.final {
		iv.done = true
		iv.disconnectLocked()
	} else if iv.p.resync {
		iv.disconnectLocked() // reopen at once with resume_after_seq
	}
}

// failed handles a broken stream: nil to carry on (a Reconnecting event is
// queued and the next connection waits), or the error that ends the Interview.
func (iv *Interview) failed(err error) error {
	iv.mu.Lock()
	iv.disconnectLocked()
	takenOver := iv.p.takenOver
	iv.mu.Unlock()
	if errors.Is(err, io.EOF) {
		err = status.Error(codes.Unavailable, "the server ended the stream")
	}
	if takenOver {
		return fmt.Errorf("%w: %v", ErrTakenOver, err)
	}
	if iv.ctx.Err() != nil {
		return iv.ctx.Err()
	}
	d, ferr := iv.r.onError(err)
	if ferr != nil {
		return ferr
	}
	if d > 0 {
		iv.Reconnects++
		iv.wait = d
		iv.queue = append(iv.queue, &Reconnecting{Attempt: iv.r.attempt, Delay: d, Err: err})
	}
	return nil
}
