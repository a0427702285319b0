// Credit-based link-layer receiver with go-back-N: checks each arriving flit's CRC-16 (crc16.svh) over
// {sequence number, flit}, keeps the good flit it expects next in a DEPTH-entry buffer that drains
// through a valid/ready interface, and drops every other flit: a corrupted one (CRC error: it sends a
// NAK naming the flit it expects, so the transmitter resends from there) or one out of sequence (a flit
// sent after a corrupted one, before the replay reaches it). It returns one credit to the transmitter
// for every flit that leaves the buffer and for every flit it drops, and ACKs every flit it keeps.
//
// A flit on the link inputs in cycle t is checked in cycle t: a kept one is in the buffer (out_valid_o)
// from cycle t + 1; for a corrupted one crc_error_o pulses in cycle t + 1, for one out of sequence
// seq_drop_o. The feedback (fb_valid_o, fb_nak_o, fb_seq_o: ACK of everything before fb_seq_o, or NAK
// expecting fb_seq_o) and credit_return_o (0..2: flits popped or dropped in cycle t) are registered, in
// cycle t + 1. overflow_o goes (and stays) high if a flit to keep arrives with the buffer full: the
// transmitter broke the credit protocol. occupancy_o is the number of flits in the buffer.
module credit_link_rx #(
    parameter int unsigned W = 64,
    parameter int unsigned DEPTH = 8,
    localparam int unsigned AW = (DEPTH > 1) ? $clog2(DEPTH) : 1,
    localparam int unsigned CW = $clog2(DEPTH + 1),
    localparam int unsigned SW = AW + 1,  // the transmitter's sequence numbers (credit_link_tx)
    localparam int unsigned CRC_W = SW + W
) (
    input  logic          clk_i,
    input  logic          rst_ni,           // asynchronous, active low
    input  logic          link_valid_i,
    input  logic [ W-1:0] link_data_i,
    input  logic [SW-1:0] link_seq_i,
    input  logic [  15:0] link_crc_i,
    output logic          out_valid_o,
    input  logic          out_ready_i,
    output logic [ W-1:0] out_data_o,
    output logic [   1:0] credit_return_o,
    output logic          fb_valid_o,
    output logic          fb_nak_o,
    output logic [SW-1:0] fb_seq_o,
    output logic          crc_error_o,
    output logic          seq_drop_o,
    output logic          overflow_o,
    output logic [CW-1:0] occupancy_o
);
  `include "crc16.svh"

  logic [W-1:0]  buffer_q[DEPTH];
  logic [AW-1:0] head_q;  // oldest flit
  logic [AW-1:0] tail_q;  // next free slot
  logic [CW-1:0] count_q;
  logic [SW-1:0] expected_q;  // the sequence number of the next flit to keep

  logic good, bad, keep, drop, full, push, pop;
  assign good = link_valid_i && crc16({link_seq_i, link_data_i}) == link_crc_i;
  assign bad = link_valid_i && !good;
  assign keep = good && link_seq_i == expected_q;
  assign drop = link_valid_i && !keep;
  assign full = count_q == CW'(DEPTH);
  assign pop = out_valid_o && out_ready_i;
  assign push = keep && (!full || pop);  // a slot freed in the same cycle may be reused
  assign out_valid_o = count_q != '0;
  assign out_data_o = buffer_q[head_q];
  assign occupancy_o = count_q;

  function automatic logic [AW-1:0] next_slot(input logic [AW-1:0] slot);
    return (slot == AW'(DEPTH - 1)) ? '0 : slot + AW'(1);
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_q          <= '0;
      tail_q          <= '0;
      count_q         <= '0;
      expected_q      <= '0;
      credit_return_o <= 2'd0;
      fb_valid_o      <= 1'b0;
      fb_nak_o        <= 1'b0;
      fb_seq_o        <= '0;
      crc_error_o     <= 1'b0;
      seq_drop_o      <= 1'b0;
      overflow_o      <= 1'b0;
    end else begin
      if (push) begin
        buffer_q[tail_q] <= link_data_i;
        tail_q <= next_slot(tail_q);
      end
      if (pop) head_q <= next_slot(head_q);
      count_q <= count_q + CW'(push) - CW'(pop);
      if (keep) expected_q <= expected_q + SW'(1);
      credit_return_o <= {1'b0, pop} + {1'b0, drop};
      fb_valid_o <= keep || bad;
      fb_nak_o <= bad;
      fb_seq_o <= keep ? expected_q + SW'(1) : expected_q;
      crc_error_o <= bad;
      seq_drop_o <= good && !keep;
      if (keep && full && !pop) overflow_o <= 1'b1;
    end
  end
endmodule
