// Credit-based link-layer transmitter: takes flits from a valid/ready interface, sends each with its
// CRC-16 (crc16.svh) over a link that has no ready signal, and never sends more flits than the receiver
// has buffer slots for.
//
// The transmitter starts with CREDITS credits, the receiver's buffer depth. Sending a flit spends one;
// the receiver returns one (credit_return_i, up to 2 per cycle) for every flit that leaves its buffer or
// that it drops. in_ready_o is high while a credit is left. A flit accepted in cycle t is on the link
// outputs in cycle t + 1 (registered). credit_overflow_o goes (and stays) high if more credits come
// back than were spent: the receiver broke the protocol.
//
// MUTATE = 1 plants one wrong counter update, for the mutation test only: a credit that comes back in
// a cycle in which a flit is sent is lost.
module credit_link_tx #(
    parameter int unsigned W = 64,
    parameter int unsigned CREDITS = 8,
    parameter int unsigned MUTATE = 0,
    localparam int unsigned CW = $clog2(CREDITS + 1) + 1  // one spare bit to detect overflow
) (
    input  logic          clk_i,
    input  logic          rst_ni,             // asynchronous, active low
    input  logic          in_valid_i,
    output logic          in_ready_o,
    input  logic [ W-1:0] in_data_i,
    output logic          link_valid_o,
    output logic [ W-1:0] link_data_o,
    output logic [  15:0] link_crc_o,
    input  logic [   1:0] credit_return_i,
    output logic [CW-1:0] credits_o,
    output logic          credit_overflow_o
);
  `include "crc16.svh"

  logic [CW-1:0] credits_q;
  logic [CW-1:0] credits_next;
  logic          send;

  assign in_ready_o = credits_q != '0;
  assign send = in_valid_i && in_ready_o;

  always_comb begin
    if (MUTATE == 1 && send && credit_return_i != 2'd0) credits_next = credits_q - CW'(1);
    else credits_next = credits_q + CW'(credit_return_i) - CW'(send);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      credits_q         <= CW'(CREDITS);
      link_valid_o      <= 1'b0;
      link_data_o       <= '0;
      link_crc_o        <= '0;
      credit_overflow_o <= 1'b0;
    end else begin
      credits_q    <= credits_next;
      link_valid_o <= send;
      if (send) begin
        link_data_o <= in_data_i;
        link_crc_o  <= crc16(in_data_i);
      end
      if (credits_next > CW'(CREDITS)) credit_overflow_o <= 1'b1;
    end
  end

  assign credits_o = credits_q;
endmodule
