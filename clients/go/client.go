// Package debrief is a Go client for the debrief interview service: sessions
// with page iterators, and an Interview over Converse that resumes by seq,
// re-sends unacknowledged answers under their ids and reconnects with
// jittered backoff. The generated messages and stubs are in
// debrief/gen/go/debrief/v1 (scripts/gen-clients.sh writes them).
package debrief

import (
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "debrief/gen/go/debrief/v1"
)

// TokenSource returns the bearer token for a call. refresh is true after the
// server refused the last one (UNAUTHENTICATED): fetch a new token then
// rather than answer a cached copy. It is called before every call and every
// (re)connection, so it should cache.
type TokenSource func(ctx context.Context, refresh bool) (string, error)

// StaticToken is a TokenSource that always answers tok.
func StaticToken(tok string) TokenSource {
	return func(context.Context, bool) (string, error) { return tok, nil }
}

// Backoff paces retries: try n waits a random time in [d/2, d], with
// d = min(Max, Initial * 2^(n-1)); Attempts bounds the tries in a row
// without progress (0: no bound).
type Backoff struct {
	Initial, Max time.Duration
	Attempts     int
}

// DefaultBackoff is what a zero Options.Backoff means.
var DefaultBackoff = Backoff{Initial: 200 * time.Millisecond, Max: 10 * time.Second, Attempts: 8}

func (b Backoff) delay(attempt int) time.Duration {
	d := b.Initial << max(0, attempt-1)
	if d > b.Max || d <= 0 {
		d = b.Max
	}
	return d/2 + rand.N(d/2+1)
}

// Options configure a Client. Zero values mean the defaults.
type Options struct {
	// Token authenticates every call; nil sends none.
	Token TokenSource
	// Timeout is the deadline of a unary call, retries included, when its
	// context has none (default 10 s).
	Timeout time.Duration
	Backoff Backoff
	// DialOptions replace the default (plaintext) transport credentials.
	DialOptions []grpc.DialOption
}

// Client talks to one debrief server.
type Client struct {
	conn     *grpc.ClientConn
	opts     Options
	Sessions pb.SessionServiceClient
	Converse pb.ConversationServiceClient
}

// New connects to target ("host:port"); the connection is made lazily.
func New(target string, opts Options) (*Client, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Backoff == (Backoff{}) {
		opts.Backoff = DefaultBackoff
	}
	dial := opts.DialOptions
	if len(dial) == 0 {
		dial = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	}
	conn, err := grpc.NewClient(target, dial...)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, opts: opts, Sessions: pb.NewSessionServiceClient(conn),
		Converse: pb.NewConversationServiceClient(conn)}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

func (c *Client) authed(ctx context.Context, refresh bool) (context.Context, error) {
	if c.opts.Token == nil {
		return ctx, nil
	}
	tok, err := c.opts.Token(ctx, refresh)
	if err != nil || tok == "" {
		return ctx, err
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok), nil
}

// retry is the decision after a failed try, shared by unary calls and the
// Interview: once a new token after UNAUTHENTICATED, then backoff on
// UNAVAILABLE until the Backoff gives up; anything else is final.
type retry struct {
	b         Backoff
	attempt   int
	refresh   bool
	refreshed bool
}

func (r *retry) reset() { r.attempt, r.refreshed = 0, false }

// onError answers how long to wait before the next try, or err when there is none.
func (r *retry) onError(err error) (time.Duration, error) {
	r.refresh = false
	code := status.Code(err)
	if code == codes.Unauthenticated && !r.refreshed {
		r.refresh, r.refreshed = true, true
		return 0, nil
	}
	r.attempt++
	if code != codes.Unavailable || (r.b.Attempts > 0 && r.attempt > r.b.Attempts) {
		return 0, err
	}
	return r.b.delay(r.attempt), nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// unary runs one call the SDK's way: the context's deadline, or Options.Timeout,
// over all tries; retries on UNAVAILABLE; a token refresh on UNAUTHENTICATED.
func unary[Req, Resp any](ctx context.Context, c *Client, req Req,
	call func(context.Context, Req, ...grpc.CallOption) (Resp, error)) (Resp, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.Timeout)
		defer cancel()
	}
	r := retry{b: c.opts.Backoff}
	for {
		var zero Resp
		actx, err := c.authed(ctx, r.refresh)
		if err != nil {
			return zero, err
		}
		resp, err := call(actx, req)
		if err == nil {
			return resp, nil
		}
		d, err := r.onError(err)
		if err != nil {
			return zero, err
		}
		if err := sleep(ctx, d); err != nil {
			return zero, status.FromContextError(err).Err()
		}
	}
}

// CreateSession creates a session. A request id is generated when req has
// none, so a retry after a lost reply returns the same session.
func (c *Client) CreateSession(ctx context.Context, req *pb.CreateSessionRequest) (*pb.Session, error) {
	if req.RequestId == "" {
		req.RequestId = newID()
	}
	resp, err := unary(ctx, c, req, c.Sessions.CreateSession)
	return resp.GetSession(), err
}

// GetSession reads one session.
func (c *Client) GetSession(ctx context.Context, id string) (*pb.Session, error) {
	resp, err := unary(ctx, c, &pb.GetSessionRequest{SessionId: id}, c.Sessions.GetSession)
	return resp.GetSession(), err
}

// ListSessions yields every visible session, newest first, fetching the
// next page when the last one is used up; each page gets its own deadline.
func (c *Client) ListSessions(ctx context.Context, req *pb.ListSessionsRequest) iter.Seq2[*pb.Session, error] {
	return pages(ctx, c, req, c.Sessions.ListSessions,
		func(r *pb.ListSessionsResponse) ([]*pb.Session, string) { return r.Sessions, r.NextPageToken },
		func(t string) { req.PageToken = t })
}

// SessionHistory yields the persisted transcript in seq order, page by page.
func (c *Client) SessionHistory(ctx context.Context, req *pb.GetSessionHistoryRequest) iter.Seq2[*pb.Message, error] {
	return pages(ctx, c, req, c.Sessions.GetSessionHistory,
		func(r *pb.GetSessionHistoryResponse) ([]*pb.Message, string) { return r.Messages, r.NextPageToken },
		func(t string) { req.PageToken = t })
}

func pages[Req, Resp, Item any](ctx context.Context, c *Client, req Req,
	call func(context.Context, Req, ...grpc.CallOption) (Resp, error),
	items func(Resp) ([]Item, string), next func(string)) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		for {
			resp, err := unary(ctx, c, req, call)
			if err != nil {
				var zero Item
				yield(zero, err)
				return
			}
			list, token := items(resp)
			for _, it := range list {
				if !yield(it, nil) {
					return
				}
			}
			if token == "" {
				return
			}
			next(token)
		}
	}
}

// ErrTakenOver ends an Interview whose session a newer stream took over.
var ErrTakenOver = errors.New("debrief: the session was taken over by another stream")
