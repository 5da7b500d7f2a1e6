// Command peer is the Go peer of debrief for bench/run_peers.sh: grpc-go
// with a pgx v5 pool, serving over debrief's own proto
//
//	debrief.v1.SessionService/GetSession       the same read as debrief's
//	debrief.v1.ConversationService/SendMessage one durable answer turn
//
// Both run the SQL in ../queries.sql (the same text the Python peer runs).
// The turn is the statement sequence of one debrief answer turn with fixed
// payloads (-payload, a JSON file bench/run_peers.sh writes from a real turn
// of a real session): no extractor, no planner, no notifications, no logging
// per call. See docs/benchmarks.md ("Peer servers").
//
// Auth: the bearer token is verified as HS256 with DEBRIEF_JWT_SECRET (the
// signature, alg and exp; the sub is the caller); no nbf/iss/aud, role or
// team checks and no clock leeway.
//
//	peer -addr 127.0.0.1:0 -database-url URL -queries queries.sql \
//	    -payload payload.json [-pool 4] [-port-file FILE]
package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	debriefv1 "debrief/gen/go/debrief/v1"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const memberScope = "1" // dbf__viewer_scope for a member: sees only their own sessions

var (
	uuidRe  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	states  = map[string]debriefv1.SessionState{"created": 1, "active": 2, "paused": 3, "completed": 4, "expired": 5, "cancelled": 6}
	sources = map[string]debriefv1.ExtractionSource{"rule": 1, "llm": 2, "user": 3}
)

// payload is the fixed part of a turn, copied from a real turn by run_peers.sh.
type payload struct {
	StmtTimeout     string `json:"stmt_timeout"`
	SessState       string `json:"sess_state"`
	SessionTimeout  int64  `json:"session_timeout"`
	AnswerTargets   string `json:"answer_targets"`
	AnswerFrame     string `json:"answer_frame"`
	ChangedJSON     string `json:"changed_json"`
	ChangedKeys     string `json:"changed_keys"`
	ExtractionFrame string `json:"extraction_frame"`
	QuestionText    string `json:"question_text"`
	QuestionTargets string `json:"question_targets"`
	QuestionFrame   string `json:"question_frame"`
}

type peer struct {
	debriefv1.UnimplementedSessionServiceServer
	debriefv1.UnimplementedConversationServiceServer
	pool *pgxpool.Pool
	key  []byte
	q    map[string]string
	p    payload
}

// loadQueries returns the "-- name: X" sections of queries.sql.
func loadQueries(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	name, body := "", []string{}
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSpace(strings.Join(body, "\n"))
		}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if n, ok := strings.CutPrefix(line, "-- name: "); ok {
			flush()
			name, body = strings.TrimSpace(n), nil
		} else if name != "" && !strings.HasPrefix(line, "--") {
			body = append(body, line)
		}
	}
	flush()
	return out, sc.Err()
}

// caller returns the JWT sub after checking the HS256 signature, alg and exp.
func (s *peer) caller(ctx context.Context) (string, error) {
	unauth := status.Error(codes.Unauthenticated, "a valid bearer token is required")
	md, _ := metadata.FromIncomingContext(ctx)
	v := md.Get("authorization")
	if len(v) != 1 || !strings.HasPrefix(v[0], "Bearer ") {
		return "", unauth
	}
	parts := strings.Split(v[0][7:], ".")
	if len(parts) != 3 {
		return "", unauth
	}
	dec := base64.RawURLEncoding
	hb, err1 := dec.DecodeString(parts[0])
	sig, err2 := dec.DecodeString(parts[2])
	cb, err3 := dec.DecodeString(parts[1])
	if err1 != nil || err2 != nil || err3 != nil {
		return "", unauth
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(hb, &h) != nil || h.Alg != "HS256" {
		return "", unauth
	}
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(m.Sum(nil), sig) {
		return "", unauth
	}
	var c struct {
		Sub string `json:"sub"`
		Exp int64  `json:"exp"`
	}
	if json.Unmarshal(cb, &c) != nil || c.Sub == "" || c.Exp <= time.Now().Unix() {
		return "", unauth
	}
	return c.Sub, nil
}

func ts(us *int64) *timestamppb.Timestamp {
	if us == nil {
		return nil
	}
	return &timestamppb.Timestamp{Seconds: *us / 1000000, Nanos: int32(*us%1000000) * 1000}
}

func (s *peer) GetSession(ctx context.Context, req *debriefv1.GetSessionRequest) (*debriefv1.GetSessionResponse, error) {
	sub, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if !uuidRe.MatchString(req.SessionId) {
		return nil, status.Error(codes.InvalidArgument, "session_id must be a UUID")
	}
	var (
		p                                    debriefv1.Session
		subj                                 debriefv1.Subject
		attrs, state, plan, record           string
		summary, pending, endReason          *string
		created, updated, started, completed *int64
		lastActivity, expires                *int64
		templateVersion, turnCount           int32
		version, lastSeq                     int64
		contextIDs                           []string
	)
	err = s.pool.QueryRow(ctx, s.q["get_session"], sub, "", memberScope, req.SessionId).Scan(
		&p.Id, &p.TemplateSlug, &templateVersion, &p.OwnerId, &p.TeamId, &subj.Kind, &subj.Key,
		&subj.Title, &attrs, &state, &created, &updated, &started, &completed, &lastActivity,
		&expires, &turnCount, &version, &lastSeq, &plan, &record, &summary, &pending, &contextIDs,
		&endReason)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, status.Error(codes.NotFound, "no such session")
	} else if err != nil {
		return nil, status.Errorf(codes.Unavailable, "database: %v", err)
	}
	p.TemplateVersion, p.TurnCount, p.Version, p.LastSeq = templateVersion, turnCount, version, lastSeq
	p.State = states[state]
	p.CreateTime, p.UpdateTime, p.StartTime = ts(created), ts(updated), ts(started)
	p.CompleteTime, p.LastActivityTime, p.ExpireTime = ts(completed), ts(lastActivity), ts(expires)
	p.ContextSessionIds = contextIDs
	if endReason != nil {
		p.EndReason = *endReason
	}
	var am map[string]any
	if json.Unmarshal([]byte(attrs), &am) == nil && len(am) > 0 {
		if subj.Attributes, err = structpb.NewStruct(am); err != nil {
			return nil, status.Errorf(codes.Internal, "attributes: %v", err)
		}
	}
	p.Subject = &subj
	var rec map[string]map[string]any
	if err := json.Unmarshal([]byte(record), &rec); err != nil {
		return nil, status.Errorf(codes.Internal, "record: %v", err)
	}
	for key, e := range rec {
		v, err := structpb.NewValue(e["value"])
		if err != nil {
			return nil, status.Errorf(codes.Internal, "record %s: %v", key, err)
		}
		fv := &debriefv1.FieldValue{Key: key, Value: v}
		fv.Confidence, _ = e["confidence"].(float64)
		if n, ok := e["evidence_seq"].(float64); ok {
			fv.EvidenceSeq = int64(n)
		}
		if src, ok := e["source"].(string); ok {
			fv.Source = sources[src]
		}
		if u, ok := e["updated_us"].(float64); ok {
			us := int64(u)
			fv.UpdateTime = ts(&us)
		}
		p.Extracted = append(p.Extracted, fv)
	}
	if summary != nil {
		var sm map[string]any
		if json.Unmarshal([]byte(*summary), &sm) == nil && sm != nil {
			p.Summary, _ = structpb.NewStruct(sm)
		}
	}
	if pending != nil {
		var q struct {
			QuestionID   string   `json:"question_id"`
			Seq          int64    `json:"seq"`
			Text         string   `json:"text"`
			TargetFields []string `json:"target_fields"`
			FollowUp     bool     `json:"follow_up"`
			Engine       string   `json:"engine"`
		}
		if json.Unmarshal([]byte(*pending), &q) == nil {
			p.PendingQuestion = &debriefv1.Question{QuestionId: q.QuestionID, Seq: q.Seq,
				Text: q.Text, TargetFields: q.TargetFields, FollowUp: q.FollowUp, Engine: q.Engine}
		}
	}
	return &debriefv1.GetSessionResponse{Session: &p}, nil
}

func (s *peer) SendMessage(ctx context.Context, req *debriefv1.SendMessageRequest) (*debriefv1.SendMessageResponse, error) {
	sub, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if !uuidRe.MatchString(req.SessionId) || req.ClientMsgId == "" || req.Text == "" {
		return nil, status.Error(codes.InvalidArgument, "session_id (UUID), client_msg_id and text are required")
	}
	var resp *debriefv1.SendMessageResponse
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q, p, sid := s.q, s.p, req.SessionId
		if _, err := tx.Exec(ctx, q["set_timeout"], p.StmtTimeout); err != nil {
			return err
		}
		var (
			state, slug, record, plan, subjKind, subjKey, subjTitle, subjAttrs, team string
			pending, contextIDs                                                      *string
			tplVersion, turnCount                                                    int32
			lastSeq, epoch                                                           int64
		)
		err := tx.QueryRow(ctx, q["lock_session"], sub, sid).Scan(&state, &slug, &tplVersion,
			&record, &plan, &pending, &lastSeq, &turnCount, &epoch, &subjKind, &subjKey, &subjTitle,
			&subjAttrs, &team, &contextIDs)
		if errors.Is(err, pgx.ErrNoRows) {
			return status.Error(codes.NotFound, "no such session")
		} else if err != nil {
			return err
		}
		aseq, xseq, qseq := lastSeq+1, lastSeq+2, lastSeq+3
		var got int64
		err = tx.QueryRow(ctx, q["insert_answer"], sub, sid, aseq, req.Text, req.QuestionId,
			p.AnswerTargets, req.ClientMsgId, p.AnswerFrame).Scan(&got)
		if errors.Is(err, pgx.ErrNoRows) { // a retry of a stored answer: nothing more to write
			resp = &debriefv1.SendMessageResponse{Ack: &debriefv1.Ack{ClientMsgId: req.ClientMsgId, Duplicate: true}}
			return nil
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, q["push_extraction"], sub, sid, p.ChangedJSON); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, q["insert_extraction"], sub, sid, xseq, p.ChangedKeys,
			p.ExtractionFrame).Scan(&got); err != nil {
			return err
		}
		qid := fmt.Sprintf("q%d", qseq)
		if err := tx.QueryRow(ctx, q["insert_question"], sub, sid, qseq, p.QuestionText, qid,
			p.QuestionTargets, p.QuestionFrame).Scan(&got); err != nil {
			return err
		}
		ctxIDs := "[]"
		if contextIDs != nil {
			ctxIDs = *contextIDs
		}
		if _, err := tx.Exec(ctx, q["save_session"], sub, sid, record, plan, pending, qseq,
			turnCount+1, p.SessState, p.SessionTimeout, epoch, ctxIDs); err != nil {
			return err
		}
		resp = &debriefv1.SendMessageResponse{
			Ack: &debriefv1.Ack{ClientMsgId: req.ClientMsgId, Seq: aseq},
			NextQuestion: &debriefv1.Question{QuestionId: qid, Seq: qseq, Text: p.QuestionText,
				Engine: "offline"},
		}
		return nil
	})
	if err != nil {
		if _, ok := status.FromError(err); ok {
			return nil, err
		}
		return nil, status.Errorf(codes.Unavailable, "database: %v", err)
	}
	return resp, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (127.0.0.1 only)")
	dbURL := flag.String("database-url", "", "PostgreSQL URL")
	queries := flag.String("queries", "", "bench/peers/queries.sql")
	payloadPath := flag.String("payload", "", "the turn's fixed payloads (JSON)")
	poolSize := flag.Int("pool", 4, "pooled connections")
	portFile := flag.String("port-file", "", "write the bound port here")
	flag.Parse()
	if !strings.HasPrefix(*addr, "127.0.0.1:") {
		log.Fatal("peer: -addr must be a 127.0.0.1 address")
	}
	secret := os.Getenv("DEBRIEF_JWT_SECRET")
	if secret == "" {
		log.Fatal("peer: DEBRIEF_JWT_SECRET is not set")
	}
	q, err := loadQueries(*queries)
	if err != nil {
		log.Fatalf("peer: %v", err)
	}
	var p payload
	if b, err := os.ReadFile(*payloadPath); err != nil || json.Unmarshal(b, &p) != nil {
		log.Fatalf("peer: cannot read -payload %s", *payloadPath)
	}
	cfg, err := pgxpool.ParseConfig(*dbURL)
	if err != nil {
		log.Fatalf("peer: %v", err)
	}
	cfg.MaxConns, cfg.MinConns = int32(*poolSize), int32(*poolSize)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		log.Fatalf("peer: %v", err)
	}
	defer pool.Close()
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("peer: %v", err)
	}
	srv := grpc.NewServer()
	s := &peer{pool: pool, key: []byte(secret), q: q, p: p}
	debriefv1.RegisterSessionServiceServer(srv, s)
	debriefv1.RegisterConversationServiceServer(srv, s)
	port := lis.Addr().(*net.TCPAddr).Port
	if *portFile != "" {
		if err := os.WriteFile(*portFile+".tmp", []byte(fmt.Sprintf("%d\n", port)), 0o644); err != nil {
			log.Fatalf("peer: %v", err)
		}
		if err := os.Rename(*portFile+".tmp", *portFile); err != nil {
			log.Fatalf("peer: %v", err)
		}
	}
	log.Printf("peer: listening on 127.0.0.1:%d", port)
	go func() {
		<-ctx.Done()
		srv.GracefulStop()
	}()
	if err := srv.Serve(lis); err != nil {
		log.Fatalf("peer: %v", err)
	}
}
