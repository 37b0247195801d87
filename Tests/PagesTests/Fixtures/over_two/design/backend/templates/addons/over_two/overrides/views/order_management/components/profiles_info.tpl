<div class="sidebar-row">over_two replaces the customer sidebar of {$user_data.firstname}</div>
