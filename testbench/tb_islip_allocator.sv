// Lock-step harness top for islip_allocator (testbench/islip_lockstep.cpp): for one port count N, the
// allocator with 1, 2 and 4 iterations and two mutants, all fed the same requests, plus inputs through
// which the harness shows the C++ twin's decisions in the waveform.
//
// Variant v's outputs are the slices [v] of the packed outputs. The top describes its variants itself
// (iterations_o, mutate_o, constant), so the harness builds matching twins without a second list.
module tb_islip_allocator #(
    parameter int unsigned N = 4,
    localparam int unsigned PW = (N > 1) ? $clog2(N) : 1,
    localparam int unsigned V = 5
) (
    input  logic                   clk_i,
    input  logic                   rst_ni,
    input  logic [    N*N-1:0]     req_i,
    output logic [V-1:0][   N-1:0] match_valid_o,
    output logic [V-1:0][N*PW-1:0] match_out_o,
    output logic [V-1:0][N*PW-1:0] grant_ptr_o,
    output logic [V-1:0][N*PW-1:0] accept_ptr_o,
    output logic [V-1:0][     7:0] iterations_o,
    output logic [V-1:0][     7:0] mutate_o,
    output logic [V-1:0]           later_round_match_o,  // coverage: a pair was matched after round 1
    // Read by nothing in the design: they exist so that the twin's state and the harness's verdict are
    // traced on the same time base as the RTL.
    /* verilator lint_off UNUSEDSIGNAL */
    input  logic [      2:0]       twin_variant_i,
    input  logic [    N-1:0]       twin_match_valid_i,
    input  logic [ N*PW-1:0]       twin_match_out_i,
    input  logic [ N*PW-1:0]       twin_grant_ptr_i,
    input  logic [ N*PW-1:0]       twin_accept_ptr_i,
    input  logic                   mismatch_i
    /* verilator lint_on UNUSEDSIGNAL */
);
  localparam int unsigned ITERATIONS[V] = '{1, 2, 4, 2, 2};
  localparam int unsigned MUTATE[V] = '{0, 0, 0, 1, 2};

  for (genvar v = 0; v < V; v++) begin : g_variant
    islip_allocator #(
        .N(N),
        .ITERATIONS(ITERATIONS[v]),
        .MUTATE(MUTATE[v])
    ) u_alloc (
        .clk_i,
        .rst_ni,
        .req_i,
        .match_valid_o(match_valid_o[v]),
        .match_out_o  (match_out_o[v]),
        .grant_ptr_o  (grant_ptr_o[v]),
        .accept_ptr_o (accept_ptr_o[v])
    );
    assign iterations_o[v] = 8'(ITERATIONS[v]);
    assign mutate_o[v] = 8'(MUTATE[v]);
    if (ITERATIONS[v] > 1) begin : g_later
      logic [N-1:0] accepted_later;  // OR of every accept after the first round
      always_comb begin
        accepted_later = '0;
        for (int unsigned r = 1; r < ITERATIONS[v]; r++) begin
          for (int unsigned i = 0; i < N; i++) accepted_later |= u_alloc.round_accepted[r][i];
        end
      end
      assign later_round_match_o[v] = |accepted_later;
    end else begin : g_single
      assign later_round_match_o[v] = 1'b0;
    end
  end
endmodule
