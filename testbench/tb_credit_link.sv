// Self-checking harness top for the credit link (testbench/credit_link_lockstep.cpp): credit_link_tx
// driving credit_link_rx over a link of LINK_DELAY cycles (the transmitter's output register included),
// with the credits and the ACK/NAK feedback coming back over CREDIT_DELAY cycles (the receiver's register
// included). flip_i is XORed onto the flit, sequence number and CRC leaving the transmitter, so the
// harness can corrupt chosen flits.
module tb_credit_link #(
    parameter int unsigned W = 64,
    parameter int unsigned CREDITS = 8,
    parameter int unsigned LINK_DELAY = 1,    // >= 1
    parameter int unsigned CREDIT_DELAY = 1,  // >= 1
    parameter int unsigned MUTATE = 0,        // passed to credit_link_tx
    localparam int unsigned CW = $clog2(CREDITS + 1) + 1,
    localparam int unsigned RW = $clog2(CREDITS + 1),
    localparam int unsigned SW = ((CREDITS > 1) ? $clog2(CREDITS) : 1) + 1  // sequence number bits
) (
    input  logic          clk_i,
    input  logic          rst_ni,
    input  logic          in_valid_i,
    output logic          in_ready_o,
    input  logic [ W-1:0] in_data_i,
    input  logic          out_ready_i,
    output logic          out_valid_o,
    output logic [ W-1:0] out_data_o,
    input  logic [W+SW+15:0] flip_i,         // {data, seq, crc} bits to invert on the wire
    // Observation:
    output logic          tx_link_valid_o,   // a flit leaves the transmitter
    output logic [ W-1:0] tx_link_data_o,
    output logic [SW-1:0] tx_link_seq_o,
    output logic [  15:0] tx_link_crc_o,
    output logic          replaying_o,
    output logic [CW-1:0] credits_o,          // the transmitter's credit counter
    output logic [   1:0] credit_arrival_o,   // credits reaching the transmitter this cycle
    output logic          fb_valid_o,         // ACK/NAK reaching the transmitter this cycle
    output logic          fb_nak_o,
    output logic [SW-1:0] fb_seq_o,
    output logic          credit_overflow_o,
    output logic          crc_error_o,
    output logic          seq_drop_o,
    output logic          overflow_o,
    output logic [RW-1:0] occupancy_o,
    // Read by nothing in the design: the harness's expectations and verdict, traced next to the RTL.
    /* verilator lint_off UNUSEDSIGNAL */
    input  logic [CW-1:0] twin_credits_i,
    input  logic [RW-1:0] twin_occupancy_i,
    input  logic          mismatch_i
    /* verilator lint_on UNUSEDSIGNAL */
);
  logic [W-1:0] wire_data;
  logic [SW-1:0] wire_seq;
  logic [15:0] wire_crc;
  logic link_valid[LINK_DELAY];
  logic [W-1:0] link_data[LINK_DELAY];
  logic [SW-1:0] link_seq[LINK_DELAY];
  logic [15:0] link_crc[LINK_DELAY];
  // The return path: {credits, feedback valid, NAK, sequence number}.
  logic [SW+3:0] back[CREDIT_DELAY];

  credit_link_tx #(.W(W), .CREDITS(CREDITS), .MUTATE(MUTATE)) u_tx (
      .clk_i,
      .rst_ni,
      .in_valid_i,
      .in_ready_o,
      .in_data_i,
      .link_valid_o     (tx_link_valid_o),
      .link_data_o      (tx_link_data_o),
      .link_seq_o       (tx_link_seq_o),
      .link_crc_o       (tx_link_crc_o),
      .credit_return_i  (credit_arrival_o),
      .fb_valid_i       (fb_valid_o),
      .fb_nak_i         (fb_nak_o),
      .fb_seq_i         (fb_seq_o),
      .credits_o,
      .replaying_o,
      .credit_overflow_o
  );

  // The wire: stage 0 is the transmitter's output register; each further stage adds a cycle.
  assign {wire_data, wire_seq, wire_crc} = {tx_link_data_o, tx_link_seq_o, tx_link_crc_o} ^ flip_i;
  assign link_valid[0] = tx_link_valid_o;
  assign link_data[0] = wire_data;
  assign link_seq[0] = wire_seq;
  assign link_crc[0] = wire_crc;
  for (genvar s = 1; s < LINK_DELAY; s++) begin : g_link
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        link_valid[s] <= 1'b0;
        link_data[s]  <= '0;
        link_seq[s]   <= '0;
        link_crc[s]   <= '0;
      end else begin
        link_valid[s] <= link_valid[s-1];
        link_data[s]  <= link_data[s-1];
        link_seq[s]   <= link_seq[s-1];
        link_crc[s]   <= link_crc[s-1];
      end
    end
  end

  credit_link_rx #(.W(W), .DEPTH(CREDITS)) u_rx (
      .clk_i,
      .rst_ni,
      .link_valid_i   (link_valid[LINK_DELAY-1]),
      .link_data_i    (link_data[LINK_DELAY-1]),
      .link_seq_i     (link_seq[LINK_DELAY-1]),
      .link_crc_i     (link_crc[LINK_DELAY-1]),
      .out_valid_o,
      .out_ready_i,
      .out_data_o,
      .credit_return_o(back[0][SW+3:SW+2]),
      .fb_valid_o     (back[0][SW+1]),
      .fb_nak_o       (back[0][SW]),
      .fb_seq_o       (back[0][SW-1:0]),
      .crc_error_o,
      .seq_drop_o,
      .overflow_o,
      .occupancy_o
  );

  // The return path: stage 0 is the receiver's output register.
  for (genvar s = 1; s < CREDIT_DELAY; s++) begin : g_credit
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) back[s] <= '0;
      else back[s] <= back[s-1];
    end
  end
  assign {credit_arrival_o, fb_valid_o, fb_nak_o, fb_seq_o} = back[CREDIT_DELAY-1];
endmodule
