// Credit-based link-layer transmitter with go-back-N replay: takes flits from a valid/ready interface,
// sends each with a sequence number and a CRC-16 (crc16.svh) of {sequence number, flit} over a link
// that has no ready signal, never sends more flits than the receiver has buffer slots for, and resends
// from a NAKed flit onward.
//
// Credits. The transmitter starts with CREDITS credits, the receiver's buffer depth. Every flit put on
// the link (new or replayed) spends one; the receiver returns one (credit_return_i, up to 2 per cycle)
// for every flit that leaves its buffer or that it drops. credit_overflow_o goes (and stays) high if
// more credits come back than were spent: the receiver broke the protocol.
//
// Replay (go-back-N). Sent flits stay in a replay buffer of REPLAY entries until acknowledged. The
// receiver's feedback (fb_valid_i, fb_nak_i, fb_seq_i) is either an ACK (all flits before fb_seq_i
// arrived) or a NAK (a corrupted flit arrived; the receiver expects fb_seq_i next): both free the
// entries before fb_seq_i, and a NAK also makes fb_seq_i the next flit to send, so it and everything
// after it go out again, in order. Feedback outside the window of unacknowledged flits (a stale NAK) is
// ignored. While replaying, new flits wait: in_ready_o is high when a credit is left, nothing waits to
// be replayed and the replay buffer has room.
//
// Timing: a flit accepted (or replayed) in cycle t is on the link outputs in cycle t + 1 (registered);
// feedback arriving in cycle t takes effect at the edge that ends cycle t.
//
// MUTATE plants one wrong update, for the mutation tests only: 1: a credit that comes back in a cycle
// in which a flit is sent is lost; 2: a NAK resends from the flit after the NAKed one (which is lost).
module credit_link_tx #(
    parameter int unsigned W = 64,
    parameter int unsigned CREDITS = 8,
    parameter int unsigned MUTATE = 0,
    localparam int unsigned CW = $clog2(CREDITS + 1) + 1,  // one spare bit to detect overflow
    localparam int unsigned RA = (CREDITS > 1) ? $clog2(CREDITS) : 1,  // replay buffer address bits
    localparam int unsigned REPLAY = 1 << RA,              // >= CREDITS: enough without errors
    localparam int unsigned SW = RA + 1,                   // sequence numbers: twice the window
    localparam int unsigned CRC_W = SW + W
) (
    input  logic          clk_i,
    input  logic          rst_ni,             // asynchronous, active low
    input  logic          in_valid_i,
    output logic          in_ready_o,
    input  logic [ W-1:0] in_data_i,
    output logic          link_valid_o,
    output logic [ W-1:0] link_data_o,
    output logic [SW-1:0] link_seq_o,
    output logic [  15:0] link_crc_o,
    input  logic [   1:0] credit_return_i,
    input  logic          fb_valid_i,
    input  logic          fb_nak_i,
    input  logic [SW-1:0] fb_seq_i,
    output logic [CW-1:0] credits_o,
    output logic          replaying_o,        // flits wait to be sent again
    output logic          credit_overflow_o
);
  `include "crc16.svh"

  logic [W-1:0]  replay_q[REPLAY];
  logic [SW-1:0] ack_q;   // oldest unacknowledged flit
  logic [SW-1:0] wr_q;    // the next new flit's number
  logic [SW-1:0] send_q;  // the next flit to put on the link (== wr_q unless replaying)
  logic [CW-1:0] credits_q;
  logic [CW-1:0] credits_next;
  logic          replay, send_new, send, fb_in_window;
  logic [W-1:0]  send_data;

  assign replay       = send_q != wr_q && credits_q != '0;
  assign in_ready_o   = credits_q != '0 && send_q == wr_q && (wr_q - ack_q) != SW'(REPLAY);
  assign send_new     = in_valid_i && in_ready_o;
  assign send         = send_new || replay;
  assign send_data    = send_new ? in_data_i : replay_q[send_q[RA-1:0]];
  assign fb_in_window = fb_valid_i && (fb_seq_i - ack_q) <= (wr_q - ack_q);

  always_comb begin
    if (MUTATE == 1 && send && credit_return_i != 2'd0) credits_next = credits_q - CW'(1);
    else credits_next = credits_q + CW'(credit_return_i) - CW'(send);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      credits_q         <= CW'(CREDITS);
      ack_q             <= '0;
      wr_q              <= '0;
      send_q            <= '0;
      link_valid_o      <= 1'b0;
      link_data_o       <= '0;
      link_seq_o        <= '0;
      link_crc_o        <= '0;
      credit_overflow_o <= 1'b0;
    end else begin
      credits_q    <= credits_next;
      link_valid_o <= send;
      if (send) begin
        link_data_o <= send_data;
        link_seq_o  <= send_q;
        link_crc_o  <= crc16({send_q, send_data});
      end
      if (send_new) wr_q <= wr_q + SW'(1);
      if (fb_in_window) ack_q <= fb_seq_i;
      if (fb_in_window && fb_nak_i) send_q <= (MUTATE == 2) ? fb_seq_i + SW'(1) : fb_seq_i;
      else if (send) send_q <= send_q + SW'(1);
      if (credits_next > CW'(CREDITS)) credit_overflow_o <= 1'b1;
    end
  end

  // The replay buffer has no reset (a RAM); an entry is read only after it was written.
  always_ff @(posedge clk_i) begin
    if (send_new) replay_q[wr_q[RA-1:0]] <= in_data_i;
  end

  assign credits_o   = credits_q;
  assign replaying_o = send_q != wr_q;
endmodule
