// Self-checking harness top for the credit link (testbench/credit_link_lockstep.cpp): credit_link_tx
// driving credit_link_rx over a link of LINK_DELAY cycles (the transmitter's output register included),
// with the credits coming back over CREDIT_DELAY cycles (the receiver's register included). flip_i is
// XORed onto the flit and CRC leaving the transmitter, so the harness can corrupt chosen flits.
module tb_credit_link #(
    parameter int unsigned W = 64,
    parameter int unsigned CREDITS = 8,
    parameter int unsigned LINK_DELAY = 1,    // >= 1
    parameter int unsigned CREDIT_DELAY = 1,  // >= 1
    parameter int unsigned MUTATE = 0,        // passed to credit_link_tx
    localparam int unsigned CW = $clog2(CREDITS + 1) + 1,
    localparam int unsigned RW = $clog2(CREDITS + 1)
) (
    input  logic          clk_i,
    input  logic          rst_ni,
    input  logic          in_valid_i,
    output logic          in_ready_o,
    input  logic [ W-1:0] in_data_i,
    input  logic          out_ready_i,
    output logic          out_valid_o,
    output logic [ W-1:0] out_data_o,
    input  logic [W+15:0] flip_i,            // {data, crc} bits to invert on the wire
    // Observation:
    output logic          tx_link_valid_o,   // a flit leaves the transmitter
    output logic [ W-1:0] tx_link_data_o,
    output logic [  15:0] tx_link_crc_o,
    output logic [CW-1:0] credits_o,          // the transmitter's credit counter
    output logic [   1:0] credit_arrival_o,   // credits reaching the transmitter this cycle
    output logic          credit_overflow_o,
    output logic          crc_error_o,
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
  logic [15:0] wire_crc;
  logic link_valid[LINK_DELAY];
  logic [W-1:0] link_data[LINK_DELAY];
  logic [15:0] link_crc[LINK_DELAY];
  logic [1:0] credits_back[CREDIT_DELAY];

  credit_link_tx #(.W(W), .CREDITS(CREDITS), .MUTATE(MUTATE)) u_tx (
      .clk_i,
      .rst_ni,
      .in_valid_i,
      .in_ready_o,
      .in_data_i,
      .link_valid_o     (tx_link_valid_o),
      .link_data_o      (tx_link_data_o),
      .link_crc_o       (tx_link_crc_o),
      .credit_return_i  (credits_back[CREDIT_DELAY-1]),
      .credits_o,
      .credit_overflow_o
  );

  // The wire: stage 0 is the transmitter's output register; each further stage adds a cycle.
  assign {wire_data, wire_crc} = {tx_link_data_o, tx_link_crc_o} ^ flip_i;
  assign link_valid[0] = tx_link_valid_o;
  assign link_data[0] = wire_data;
  assign link_crc[0] = wire_crc;
  for (genvar s = 1; s < LINK_DELAY; s++) begin : g_link
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        link_valid[s] <= 1'b0;
        link_data[s]  <= '0;
        link_crc[s]   <= '0;
      end else begin
        link_valid[s] <= link_valid[s-1];
        link_data[s]  <= link_data[s-1];
        link_crc[s]   <= link_crc[s-1];
      end
    end
  end

  credit_link_rx #(.W(W), .DEPTH(CREDITS)) u_rx (
      .clk_i,
      .rst_ni,
      .link_valid_i   (link_valid[LINK_DELAY-1]),
      .link_data_i    (link_data[LINK_DELAY-1]),
      .link_crc_i     (link_crc[LINK_DELAY-1]),
      .out_valid_o,
      .out_ready_i,
      .out_data_o,
      .credit_return_o(credits_back[0]),
      .crc_error_o,
      .overflow_o,
      .occupancy_o
  );

  // The credit return path: stage 0 is the receiver's output register.
  for (genvar s = 1; s < CREDIT_DELAY; s++) begin : g_credit
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) credits_back[s] <= 2'd0;
      else credits_back[s] <= credits_back[s-1];
    end
  end
  assign credit_arrival_o = credits_back[CREDIT_DELAY-1];
endmodule
