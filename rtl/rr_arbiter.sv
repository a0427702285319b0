// N-way round-robin arbiter: the RTL twin of snsim::RoundRobinArbiter (models/switch/arbiters.h).
//
// The first requester at or after the pointer wins (one-hot grant, in the same cycle as the request);
// at the next rising clock edge the pointer moves just past the winner, (winner + 1) mod N. Without a
// request there is no grant and the pointer stays. The pointer resets to 0.
//
// MUTATE = 1 plants one wrong priority update, for the harness's mutation test only: the pointer moves
// to the winner instead of past it, so a requester that keeps requesting keeps winning.
module rr_arbiter #(
    parameter int unsigned N = 4,
    parameter int unsigned MUTATE = 0,
    localparam int unsigned PW = (N > 1) ? $clog2(N) : 1
) (
    input  logic          clk_i,
    input  logic          rst_ni,   // asynchronous, active low
    input  logic [ N-1:0] req_i,
    output logic [ N-1:0] grant_o,  // one-hot, zero when req_i is zero
    output logic [PW-1:0] ptr_o     // the priority pointer (the first position tried)
);
  `include "rr_first.svh"

  logic [PW-1:0] ptr_q;

  assign grant_o = rr_first(req_i, ptr_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ptr_q <= '0;
    end else if (|grant_o) begin
      if (MUTATE == 1) ptr_q <= rr_index(grant_o);
      else ptr_q <= rr_past(rr_index(grant_o));
    end
  end

  assign ptr_o = ptr_q;
endmodule
