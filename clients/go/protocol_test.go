package debrief

// The Converse state machine on its own, on frames the live suite cannot
// provoke at will: a gap in seqs, a replay boundary, duplicate acks.

import (
	"testing"

	pb "debrief/gen/go/debrief/v1"
)

func snap(last int64) *pb.ConverseResponse {
	return &pb.ConverseResponse{Frame: &pb.ConverseResponse_Snapshot{Snapshot: &pb.Snapshot{
		Session: &pb.Session{State: pb.SessionState_SESSION_STATE_ACTIVE, LastSeq: last}}}}
}

func ackFrame(seq int64, id string, dup bool) *pb.ConverseResponse {
	return &pb.ConverseResponse{Seq: seq, Frame: &pb.ConverseResponse_Ack{Ack: &pb.Ack{ClientMsgId: id, Seq: seq, Duplicate: dup}}}
}

func questionFrame(seq int64) *pb.ConverseResponse {
	return &pb.ConverseResponse{Seq: seq, Frame: &pb.ConverseResponse_Question{Question: &pb.Question{QuestionId: "q", Seq: seq}}}
}

func TestProtocolResumeResendsOnlyUnacked(t *testing.T) {
	p := &protocol{sessionID: "s"}
	p.openRequest()
	p.onFrame(snap(3))
	p.pending = []*pb.AnswerFrame{{ClientMsgId: "a1"}, {ClientMsgId: "a2"}}
	if r := p.openRequest(); r.GetOpen().ResumeAfterSeq != 3 || p.readyToSend() {
		t.Fatalf("reopen: %v ready=%v", r, p.readyToSend())
	}
	p.onFrame(snap(5))
	p.onFrame(ackFrame(4, "a1", false))
	if p.readyToSend() || len(p.writes) != 0 {
		t.Fatal("answers re-sent before the replay ended")
	}
	p.onFrame(questionFrame(5))
	if len(p.writes) != 1 || p.writes[0].GetAnswer().ClientMsgId != "a2" || !p.readyToSend() {
		t.Fatalf("writes after the replay: %v", p.writes)
	}
}

func TestProtocolGapAndStaleFrames(t *testing.T) {
	p := &protocol{sessionID: "s"}
	p.openRequest()
	p.onFrame(snap(2))
	if evs := p.onFrame(questionFrame(4)); len(evs) != 0 || !p.resync || p.lastSeq != 2 {
		t.Fatalf("a gap: events %v resync %v last %d", evs, p.resync, p.lastSeq)
	}
	p.openRequest()
	p.onFrame(snap(3))
	p.onFrame(ackFrame(3, "x", false))
	if evs := p.onFrame(ackFrame(3, "x", false)); len(evs) != 0 {
		t.Fatalf("a stale frame came through: %v", evs)
	}
	p.pending = []*pb.AnswerFrame{{ClientMsgId: "d"}}
	if evs := p.onFrame(ackFrame(2, "d", true)); len(evs) != 1 || len(p.pending) != 0 {
		t.Fatalf("a duplicate ack for a pending answer: %v, pending %v", evs, p.pending)
	}
}
